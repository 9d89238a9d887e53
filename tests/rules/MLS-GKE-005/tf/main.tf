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
  enable_shielded_nodes = true
}

resource "google_container_cluster" "fail_disabled" {
  name               = "fail-disabled"
  location           = "us-central1"
  initial_node_count = 1
  enable_shielded_nodes = false
}

resource "google_container_cluster" "unknown_variable" {
  name               = "unknown-variable"
  location           = "us-central1"
  initial_node_count = 1
  enable_shielded_nodes = var.v
}

