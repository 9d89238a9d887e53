variable "dedicated" {
  type = bool
}

resource "google_vertex_ai_endpoint" "pass_default" {
  name         = "ep-default"
  display_name = "ep-default"
  location     = "us-central1"
}

resource "google_vertex_ai_endpoint" "fail_dedicated" {
  name                       = "ep-dedicated"
  display_name               = "ep-dedicated"
  location                   = "us-central1"
  dedicated_endpoint_enabled = true
}

resource "google_vertex_ai_endpoint" "unknown_variable" {
  name                       = "ep-var"
  display_name               = "ep-var"
  location                   = "us-central1"
  dedicated_endpoint_enabled = var.dedicated
}
