variable "psc" {
  type = bool
}

resource "google_vertex_ai_feature_online_store" "pass_optimized_psc" {
  name   = "fos_psc"
  region = "us-central1"
  optimized {}
  dedicated_serving_endpoint {
    private_service_connect_config {
      enable_private_service_connect = true
      project_allowlist              = ["consumer-project"]
    }
  }
}

resource "google_vertex_ai_feature_online_store" "pass_bigtable" {
  name   = "fos_bigtable"
  region = "us-central1"
  bigtable {
    auto_scaling {
      min_node_count = 1
      max_node_count = 3
    }
  }
}

resource "google_vertex_ai_feature_online_store" "fail_optimized_default_endpoint" {
  name   = "fos_public"
  region = "us-central1"
  optimized {}
}

resource "google_vertex_ai_feature_online_store" "fail_optimized_psc_off" {
  name   = "fos_psc_off"
  region = "us-central1"
  optimized {}
  dedicated_serving_endpoint {
    private_service_connect_config {
      enable_private_service_connect = false
    }
  }
}

resource "google_vertex_ai_feature_online_store" "unknown_psc" {
  name   = "fos_var"
  region = "us-central1"
  optimized {}
  dedicated_serving_endpoint {
    private_service_connect_config {
      enable_private_service_connect = var.psc
    }
  }
}
