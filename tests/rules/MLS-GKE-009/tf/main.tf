variable "v" {}


resource "google_kms_crypto_key" "gke" {
  name     = "gke-secrets"
  key_ring = "projects/ml-prod/locations/us-central1/keyRings/gke"
}

resource "google_container_cluster" "pass_encrypted" {
  name               = "pass-encrypted"
  location           = "us-central1"
  initial_node_count = 1
  database_encryption {
    state    = "ENCRYPTED"
    key_name = google_kms_crypto_key.gke.id
  }
}

resource "google_container_cluster" "fail_default" {
  name               = "fail-default"
  location           = "us-central1"
  initial_node_count = 1
}

resource "google_container_cluster" "fail_decrypted" {
  name               = "fail-decrypted"
  location           = "us-central1"
  initial_node_count = 1
  database_encryption {
    state    = "DECRYPTED"
    key_name = ""
  }
}

resource "google_container_cluster" "unknown_variable" {
  name               = "unknown-variable"
  location           = "us-central1"
  initial_node_count = 1
  database_encryption {
    state    = var.v
    key_name = google_kms_crypto_key.gke.id
  }
}

