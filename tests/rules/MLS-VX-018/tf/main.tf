resource "google_vertex_ai_feature_online_store" "pass_cmek" {
  name   = "fos_cmek"
  region = "us-central1"
  bigtable {
    auto_scaling {
      min_node_count = 1
      max_node_count = 2
    }
  }
  encryption_spec {
    kms_key_name = "projects/p/locations/us-central1/keyRings/ml/cryptoKeys/features"
  }
}

resource "google_vertex_ai_feature_online_store" "fail_no_encryption_spec" {
  name   = "fos_default"
  region = "us-central1"
  bigtable {
    auto_scaling {
      min_node_count = 1
      max_node_count = 2
    }
  }
}

resource "google_vertex_ai_feature_online_store" "fail_empty_key" {
  name   = "fos_empty"
  region = "us-central1"
  bigtable {
    auto_scaling {
      min_node_count = 1
      max_node_count = 2
    }
  }
  encryption_spec {
    kms_key_name = ""
  }
}

# Optimized online serving cannot take a customer-managed key.
resource "google_vertex_ai_feature_online_store" "none_optimized_serving" {
  name   = "fos_optimized"
  region = "us-central1"
  optimized {}
}
