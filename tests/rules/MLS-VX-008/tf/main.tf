resource "google_kms_crypto_key" "rt" {
  name     = "runtime"
  key_ring = "projects/p/locations/us-central1/keyRings/ml"
}

resource "google_notebooks_runtime" "pass_cmek" {
  name     = "rt-cmek"
  location = "us-central1"
  virtual_machine {
    virtual_machine_config {
      machine_type = "n1-standard-4"
      encryption_config {
        kms_key = google_kms_crypto_key.rt.id
      }
    }
  }
}

resource "google_notebooks_runtime" "fail_no_encryption_config" {
  name     = "rt-default"
  location = "us-central1"
  virtual_machine {
    virtual_machine_config {
      machine_type = "n1-standard-4"
    }
  }
}

resource "google_notebooks_runtime" "fail_empty_encryption_config" {
  name     = "rt-empty"
  location = "us-central1"
  virtual_machine {
    virtual_machine_config {
      machine_type = "n1-standard-4"
      encryption_config {}
    }
  }
}
