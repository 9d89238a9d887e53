variable "ubla" {
  type = bool
}

resource "google_storage_bucket" "pass_ubla" {
  name     = "ml-pass-ubla"
  location = "US"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket" "fail_default" {
  name     = "ml-fail-default"
  location = "US"
}

resource "google_storage_bucket" "fail_explicit" {
  name     = "ml-fail-explicit"
  location = "US"
  uniform_bucket_level_access = false
}

resource "google_storage_bucket" "unknown_variable" {
  name     = "ml-unknown-variable"
  location = "US"
  uniform_bucket_level_access = var.ubla
}

