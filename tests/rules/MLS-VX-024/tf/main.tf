variable "allowlist" {
  type = list(string)
}

resource "google_vertex_ai_endpoint" "pass_psc_allowlist" {
  name         = "ep-psc"
  display_name = "ep-psc"
  location     = "us-central1"
  private_service_connect_config {
    enable_private_service_connect = true
    project_allowlist              = ["consumer-project"]
  }
}

resource "google_vertex_ai_endpoint" "pass_no_psc" {
  name         = "ep-peered"
  display_name = "ep-peered"
  location     = "us-central1"
  network      = "projects/123/global/networks/ml-vpc"
}

resource "google_vertex_ai_endpoint" "fail_psc_no_allowlist" {
  name         = "ep-open"
  display_name = "ep-open"
  location     = "us-central1"
  private_service_connect_config {
    enable_private_service_connect = true
  }
}

resource "google_vertex_ai_index_endpoint" "fail_psc_empty_allowlist" {
  display_name = "ie-open"
  region       = "us-central1"
  private_service_connect_config {
    enable_private_service_connect = true
    project_allowlist              = []
  }
}

resource "google_vertex_ai_index_endpoint" "unknown_allowlist" {
  display_name = "ie-var"
  region       = "us-central1"
  private_service_connect_config {
    enable_private_service_connect = true
    project_allowlist              = var.allowlist
  }
}

# Feature Online Stores: PSC on the dedicated serving endpoint
resource "google_vertex_ai_feature_online_store" "pass_store_allowlist" {
  provider = google-beta
  name     = "fos_allow"
  region   = "us-central1"
  optimized {}
  dedicated_serving_endpoint {
    private_service_connect_config {
      enable_private_service_connect = true
      project_allowlist              = ["ml-serving-consumer"]
    }
  }
}

resource "google_vertex_ai_feature_online_store" "fail_store_wildcard" {
  provider = google-beta
  name     = "fos_any"
  region   = "us-central1"
  optimized {}
  dedicated_serving_endpoint {
    private_service_connect_config {
      enable_private_service_connect = true
      project_allowlist              = ["*"]
    }
  }
}

resource "google_vertex_ai_feature_online_store" "fail_store_empty" {
  provider = google-beta
  name     = "fos_empty"
  region   = "us-central1"
  optimized {}
  dedicated_serving_endpoint {
    private_service_connect_config {
      enable_private_service_connect = true
    }
  }
}

resource "google_vertex_ai_feature_online_store" "pass_store_no_psc" {
  provider = google-beta
  name     = "fos_public"
  region   = "us-central1"
  optimized {}
}
