resource "google_storage_bucket" "pass_logging" {
  name     = "ml-pass-logging"
  location = "US"
  logging {
    log_bucket = "ml-access-logs"
  }
}

resource "google_storage_bucket" "fail_no_logging" {
  name     = "ml-fail-no-logging"
  location = "US"
}

