variable "v" {}


resource "google_container_cluster" "pass_default" {
  name               = "pass-default"
  location           = "us-central1"
  initial_node_count = 1
}

resource "google_container_cluster" "pass_explicit" {
  name               = "pass-explicit"
  location           = "us-central1"
  initial_node_count = 1
  enable_legacy_abac = false
}

resource "google_container_cluster" "fail_enabled" {
  name               = "fail-enabled"
  location           = "us-central1"
  initial_node_count = 1
  enable_legacy_abac = true
}

resource "google_container_cluster" "unknown_variable" {
  name               = "unknown-variable"
  location           = "us-central1"
  initial_node_count = 1
  enable_legacy_abac = var.v
}

