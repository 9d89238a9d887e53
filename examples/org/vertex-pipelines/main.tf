data "google_project" "this" {
  project_id = var.project_id
}

locals {
  compute_default_sa   = "${data.google_project.this.number}-compute@developer.gserviceaccount.com"
  vertex_service_agent = "service-${data.google_project.this.number}@gcp-sa-aiplatform.iam.gserviceaccount.com"
}

# ---------------------------------------------------------------------------
# CMEK
# ---------------------------------------------------------------------------

resource "google_kms_key_ring" "ml" {
  name     = "acme-ml"
  location = var.region
}

resource "google_kms_crypto_key" "vertex" {
  name            = "vertex"
  key_ring        = google_kms_key_ring.ml.id
  rotation_period = "7776000s" # 90 days

  lifecycle {
    prevent_destroy = true
  }
}

# For the experiments featurestore; created by hand first, imported later.
resource "google_kms_crypto_key" "experiments" {
  name     = "experiments"
  key_ring = google_kms_key_ring.ml.id
}

resource "google_kms_crypto_key_iam_member" "vertex_agent" {
  crypto_key_id = google_kms_crypto_key.vertex.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${local.vertex_service_agent}"
}

# ---------------------------------------------------------------------------
# Pipeline runner identity
# ---------------------------------------------------------------------------

resource "google_service_account" "pipeline_runner" {
  account_id   = "vertex-pipeline-runner"
  display_name = "Vertex AI pipeline runner"
}

resource "google_project_iam_member" "pipeline_runner" {
  for_each = var.pipeline_sa_roles

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.pipeline_runner.email}"
}

# Pipelines launch custom jobs as the runner itself.
resource "google_project_iam_member" "pipeline_runner_act_as" {
  project = var.project_id
  role    = "roles/iam.serviceAccountUser"
  member  = "serviceAccount:${google_service_account.pipeline_runner.email}"
}
