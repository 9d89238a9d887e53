resource "google_vertex_ai_featurestore" "pass_cmek" {
  name   = "fs_cmek"
  region = "us-central1"
  online_serving_config {
    fixed_node_count = 1
  }
  encryption_spec {
    kms_key_name = "projects/p/locations/us-central1/keyRings/ml/cryptoKeys/fs"
  }
}

resource "google_vertex_ai_featurestore" "fail_no_encryption_spec" {
  name   = "fs_default"
  region = "us-central1"
  online_serving_config {
    fixed_node_count = 1
  }
}

# an empty key name is no key: Google-managed encryption
resource "google_vertex_ai_featurestore" "fail_empty_key" {
  name   = "fs_empty"
  region = "us-central1"
  encryption_spec {
    kms_key_name = ""
  }
}
