# ---------------------------------------------------------------------------
# Datasets
# ---------------------------------------------------------------------------

resource "google_vertex_ai_dataset" "claims_images" {
  display_name        = "claims-images"
  metadata_schema_uri = "gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml"
  region              = var.region
  labels              = var.labels

  encryption_spec {
    kms_key_name = google_kms_crypto_key.vertex.id
  }
}

resource "google_vertex_ai_dataset" "support_tickets" {
  display_name        = "support-tickets"
  metadata_schema_uri = "gs://google-cloud-aiplatform/schema/dataset/metadata/text_1.0.0.yaml"
  region              = var.region
  labels              = var.labels
}

# ---------------------------------------------------------------------------
# Online prediction endpoints
# ---------------------------------------------------------------------------

resource "google_vertex_ai_endpoint" "claims_triage" {
  name         = "3141592001"
  display_name = "claims-triage"
  location     = var.region
  network      = "projects/${data.google_project.this.number}/global/networks/shared-ml"
  labels       = var.labels

  encryption_spec {
    kms_key_name = google_kms_crypto_key.vertex.id
  }

  depends_on = [google_kms_crypto_key_iam_member.vertex_agent]
}

# Called from the storefront backend over the public API.
resource "google_vertex_ai_endpoint" "recommendations" {
  name         = "3141592002"
  display_name = "recommendations"
  description  = "Product recommendations (two-tower)"
  location     = var.region
  labels       = var.labels
}

# ---------------------------------------------------------------------------
# Feature stores (legacy API; migration to feature_online_store is planned)
# ---------------------------------------------------------------------------

resource "google_vertex_ai_featurestore" "customer" {
  name   = "customer_features"
  region = var.region
  labels = var.labels

  online_serving_config {
    fixed_node_count = 2
  }

  encryption_spec {
    kms_key_name = google_kms_crypto_key.vertex.id
  }
}

resource "google_vertex_ai_featurestore" "experiments" {
  name          = "experiments"
  region        = var.region
  labels        = var.labels
  force_destroy = true

  online_serving_config {
    fixed_node_count = 1
  }
}
