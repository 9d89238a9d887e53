variable "v" {}


resource "google_container_cluster" "pass_private_nodes" {
  name               = "pass-private-nodes"
  location           = "us-central1"
  initial_node_count = 1
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = "172.16.0.32/28"
  }
}

resource "google_container_cluster" "fail_default" {
  name               = "fail-default"
  location           = "us-central1"
  initial_node_count = 1
}

resource "google_container_cluster" "fail_explicit_false" {
  name               = "fail-explicit-false"
  location           = "us-central1"
  initial_node_count = 1
  private_cluster_config {
    enable_private_nodes = false
  }
}

resource "google_container_cluster" "unknown_variable" {
  name               = "unknown-variable"
  location           = "us-central1"
  initial_node_count = 1
  private_cluster_config {
    enable_private_nodes = var.v
  }
}

