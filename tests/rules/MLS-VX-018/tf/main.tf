resource "google_vertex_ai_feature_online_store" "pass_cmek" {
  name   = "fos_cmek"
  region = "us-central1"
  optimized {}
  encryption_spec {
    kms_key_name = "projects/p/locations/us-central1/keyRings/ml/cryptoKeys/features"
  }
}

resource "google_vertex_ai_feature_online_store" "fail_no_encryption_spec" {
  name   = "fos_default"
  region = "us-central1"
  optimized {}
}
