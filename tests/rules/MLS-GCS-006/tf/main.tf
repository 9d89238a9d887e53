resource "google_kms_crypto_key" "gcs" {
  name     = "gcs"
  key_ring = "projects/p/locations/us/keyRings/ml"
}

resource "google_storage_bucket" "pass_cmek" {
  name     = "ml-pass-cmek"
  location = "US"
  encryption {
    default_kms_key_name = google_kms_crypto_key.gcs.id
  }
}

resource "google_storage_bucket" "fail_default" {
  name     = "ml-fail-default"
  location = "US"
}


# an empty key name is no key: Google-managed encryption
resource "google_storage_bucket" "fail_empty_key" {
  name     = "ml-empty-key"
  location = "US"
  encryption {
    default_kms_key_name = ""
  }
}
