resource "google_kms_crypto_key" "vertex" {
  name     = "vertex"
  key_ring = "projects/p/locations/us-central1/keyRings/ml"
}

resource "google_vertex_ai_endpoint" "pass_cmek" {
  name         = "ep-cmek"
  display_name = "ep-cmek"
  location     = "us-central1"
  encryption_spec {
    kms_key_name = google_kms_crypto_key.vertex.id
  }
}

resource "google_vertex_ai_endpoint" "fail_no_encryption_spec" {
  name         = "ep-default"
  display_name = "ep-default"
  location     = "us-central1"
}

# an empty key name is no key: Google-managed encryption
resource "google_vertex_ai_endpoint" "fail_empty_key" {
  display_name = "ep"
  location     = "us-central1"
  encryption_spec {
    kms_key_name = ""
  }
}
