variable "key" {}

resource "google_kms_crypto_key" "registry" {
  name     = "registry"
  key_ring = "projects/p/locations/us-central1/keyRings/ml"
}

resource "google_artifact_registry_repository" "pass_cmek" {
  location      = "us-central1"
  repository_id = "ml-images"
  format        = "DOCKER"
  kms_key_name  = google_kms_crypto_key.registry.id
}

resource "google_artifact_registry_repository" "pass_literal_key" {
  location      = "us-central1"
  repository_id = "ml-python"
  format        = "PYTHON"
  kms_key_name  = "projects/p/locations/us-central1/keyRings/ml/cryptoKeys/registry"
}

resource "google_artifact_registry_repository" "fail_google_managed" {
  location      = "us-central1"
  repository_id = "ml-scratch"
  format        = "DOCKER"
}

# an empty key name is no key: Google-managed encryption
resource "google_artifact_registry_repository" "fail_empty_key" {
  location      = "us-central1"
  repository_id = "models-empty-key"
  format        = "DOCKER"
  kms_key_name  = ""
}
