resource "google_vertex_ai_tensorboard" "pass_cmek" {
  display_name = "tb-cmek"
  region       = "us-central1"
  encryption_spec {
    kms_key_name = "projects/p/locations/us-central1/keyRings/ml/cryptoKeys/tb"
  }
}

resource "google_vertex_ai_tensorboard" "fail_no_encryption_spec" {
  display_name = "tb-default"
  region       = "us-central1"
}

# an empty key name is no key: Google-managed encryption
resource "google_vertex_ai_tensorboard" "fail_empty_key" {
  display_name = "tb"
  region       = "us-central1"
  encryption_spec {
    kms_key_name = ""
  }
}
