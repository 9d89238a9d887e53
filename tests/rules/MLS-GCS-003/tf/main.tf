resource "google_storage_bucket" "pass_enforced" {
  name     = "ml-pass-enforced"
  location = "US"
  public_access_prevention = "enforced"
}

resource "google_storage_bucket" "fail_default" {
  name     = "ml-fail-default"
  location = "US"
}

resource "google_storage_bucket" "fail_inherited" {
  name     = "ml-fail-inherited"
  location = "US"
  public_access_prevention = "inherited"
}

