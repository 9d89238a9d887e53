variable "versioning" {
  type = bool
}

resource "google_storage_bucket" "pass_versioned" {
  name     = "ml-pass-versioned"
  location = "US"
  versioning {
    enabled = true
  }
}

resource "google_storage_bucket" "fail_default" {
  name     = "ml-fail-default"
  location = "US"
}

resource "google_storage_bucket" "fail_disabled" {
  name     = "ml-fail-disabled"
  location = "US"
  versioning {
    enabled = false
  }
}

resource "google_storage_bucket" "unknown_variable" {
  name     = "ml-unknown-variable"
  location = "US"
  versioning {
    enabled = var.versioning
  }
}

