resource "google_storage_bucket" "pipeline_root" {
  name     = "${var.project_id}-pipeline-root"
  location = "US-CENTRAL1"

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = google_kms_crypto_key.vertex.id
  }

  logging {
    log_bucket = "acme-org-gcs-access-logs"
  }

  labels = var.labels

  depends_on = [google_kms_crypto_key_iam_member.vertex_agent]
}

# Model cards and demo exports linked from the public docs site.
resource "google_storage_bucket" "model_exports" {
  name     = "${var.project_id}-model-exports"
  location = "US"

  uniform_bucket_level_access = false
  public_access_prevention    = "inherited"
  force_destroy               = true

  labels = var.labels
}

resource "google_storage_bucket_iam_member" "model_exports_public" {
  bucket = google_storage_bucket.model_exports.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}
