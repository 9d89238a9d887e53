resource "google_vertex_ai_metadata_store" "pass_cmek" {
  name   = "md-cmek"
  region = "us-central1"
  encryption_spec {
    kms_key_name = "projects/p/locations/us-central1/keyRings/ml/cryptoKeys/md"
  }
}

resource "google_vertex_ai_metadata_store" "fail_no_encryption_spec" {
  name   = "md-default"
  region = "us-central1"
}

resource "google_vertex_ai_metadata_store" "fail_empty_encryption_spec" {
  name   = "md-empty"
  region = "us-central1"
  encryption_spec {}
}

# an empty key name is no key: Google-managed encryption
resource "google_vertex_ai_metadata_store" "fail_empty_key" {
  name   = "ms"
  region = "us-central1"
  encryption_spec {
    kms_key_name = ""
  }
}
