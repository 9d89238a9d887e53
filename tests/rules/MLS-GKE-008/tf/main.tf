variable "v" {}


resource "google_container_cluster" "pass_calico" {
  name               = "pass-calico"
  location           = "us-central1"
  initial_node_count = 1
  network_policy {
    enabled  = true
    provider = "CALICO"
  }
  addons_config {
    network_policy_config {
      disabled = false
    }
  }
}

resource "google_container_cluster" "pass_dataplane_v2" {
  name               = "pass-dataplane-v2"
  location           = "us-central1"
  initial_node_count = 1
  datapath_provider = "ADVANCED_DATAPATH"
}

resource "google_container_cluster" "pass_autopilot" {
  name               = "pass-autopilot"
  location           = "us-central1"
  initial_node_count = 1
  enable_autopilot = true
}

resource "google_container_cluster" "fail_default" {
  name               = "fail-default"
  location           = "us-central1"
  initial_node_count = 1
}

resource "google_container_cluster" "fail_disabled" {
  name               = "fail-disabled"
  location           = "us-central1"
  initial_node_count = 1
  network_policy {
    enabled = false
  }
}

resource "google_container_cluster" "unknown_variable" {
  name               = "unknown-variable"
  location           = "us-central1"
  initial_node_count = 1
  datapath_provider = var.v
}

