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
  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }
}

resource "google_container_cluster" "fail_issued" {
  name               = "fail-issued"
  location           = "us-central1"
  initial_node_count = 1
  master_auth {
    client_certificate_config {
      issue_client_certificate = true
    }
  }
}

resource "google_container_cluster" "unknown_variable" {
  name               = "unknown-variable"
  location           = "us-central1"
  initial_node_count = 1
  master_auth {
    client_certificate_config {
      issue_client_certificate = var.v
    }
  }
}

