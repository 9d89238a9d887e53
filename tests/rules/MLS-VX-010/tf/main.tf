variable "psc" {
  type = bool
}

resource "google_vertex_ai_endpoint" "pass_vpc_peering" {
  name         = "ep-peered"
  display_name = "ep-peered"
  location     = "us-central1"
  network      = "projects/123/global/networks/ml-vpc"
}

resource "google_vertex_ai_endpoint" "pass_psc" {
  name         = "ep-psc"
  display_name = "ep-psc"
  location     = "us-central1"
  private_service_connect_config {
    enable_private_service_connect = true
    project_allowlist              = ["consumer-project"]
  }
}

resource "google_vertex_ai_endpoint" "fail_public" {
  name         = "ep-public"
  display_name = "ep-public"
  location     = "us-central1"
}

resource "google_vertex_ai_endpoint" "fail_psc_disabled" {
  name         = "ep-psc-off"
  display_name = "ep-psc-off"
  location     = "us-central1"
  private_service_connect_config {
    enable_private_service_connect = false
  }
}

resource "google_vertex_ai_endpoint" "unknown_psc_variable" {
  name         = "ep-var"
  display_name = "ep-var"
  location     = "us-central1"
  private_service_connect_config {
    enable_private_service_connect = var.psc
  }
}
