variable "encryption" {
  type = string
}

resource "google_kms_crypto_key" "nb" {
  name     = "notebooks"
  key_ring = "projects/p/locations/us-central1/keyRings/ml"
}

resource "google_notebooks_instance" "pass_cmek" {
  name            = "nb-cmek"
  location        = "us-central1-a"
  machine_type    = "e2-medium"
  disk_encryption = "CMEK"
  kms_key         = google_kms_crypto_key.nb.id
}

resource "google_notebooks_instance" "fail_gmek" {
  name            = "nb-gmek"
  location        = "us-central1-a"
  machine_type    = "e2-medium"
  disk_encryption = "GMEK"
}

resource "google_notebooks_instance" "fail_key_without_cmek" {
  name         = "nb-key-only"
  location     = "us-central1-a"
  machine_type = "e2-medium"
  kms_key      = google_kms_crypto_key.nb.id
}

resource "google_notebooks_instance" "fail_absent" {
  name         = "nb-default"
  location     = "us-central1-a"
  machine_type = "e2-medium"
}

resource "google_notebooks_instance" "unknown_encryption_variable" {
  name            = "nb-var"
  location        = "us-central1-a"
  machine_type    = "e2-medium"
  disk_encryption = var.encryption
  kms_key         = "projects/p/locations/us-central1/keyRings/ml/cryptoKeys/nb"
}
