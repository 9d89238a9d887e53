resource "google_vertex_ai_dataset" "pass_cmek" {
  display_name        = "ds-cmek"
  region              = "us-central1"
  metadata_schema_uri = "gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml"
  encryption_spec {
    kms_key_name = "projects/p/locations/us-central1/keyRings/ml/cryptoKeys/ds"
  }
}

resource "google_vertex_ai_dataset" "fail_no_encryption_spec" {
  display_name        = "ds-default"
  region              = "us-central1"
  metadata_schema_uri = "gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml"
}

# an empty key name is no key: Google-managed encryption
resource "google_vertex_ai_dataset" "fail_empty_key" {
  display_name        = "ds"
  region              = "us-central1"
  metadata_schema_uri = "gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml"
  encryption_spec {
    kms_key_name = ""
  }
}
