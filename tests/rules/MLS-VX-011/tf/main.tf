variable "public" {
  type = bool
}

resource "google_vertex_ai_index_endpoint" "pass_default" {
  display_name = "ie-default"
  region       = "us-central1"
  network      = "projects/123/global/networks/ml-vpc"
}

resource "google_vertex_ai_index_endpoint" "pass_psc" {
  display_name = "ie-psc"
  region       = "us-central1"
  private_service_connect_config {
    enable_private_service_connect = true
    project_allowlist              = ["consumer-project"]
  }
}

resource "google_vertex_ai_index_endpoint" "fail_public" {
  display_name            = "ie-public"
  region                  = "us-central1"
  public_endpoint_enabled = true
}

resource "google_vertex_ai_index_endpoint" "unknown_variable" {
  display_name            = "ie-var"
  region                  = "us-central1"
  public_endpoint_enabled = var.public
}
