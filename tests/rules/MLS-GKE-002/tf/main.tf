variable "v" {}


resource "google_container_cluster" "pass_private_endpoint" {
  name               = "pass-private-endpoint"
  location           = "us-central1"
  initial_node_count = 1
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = true
    master_ipv4_cidr_block  = "172.16.0.32/28"
  }
}

resource "google_container_cluster" "pass_authorized_networks" {
  name               = "pass-authorized-networks"
  location           = "us-central1"
  initial_node_count = 1
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "10.20.0.0/16"
      display_name = "corp-vpn"
    }
    cidr_blocks {
      cidr_block   = "203.0.113.0/24"
      display_name = "office"
    }
  }
}

resource "google_container_cluster" "pass_authorized_networks_no_external" {
  name               = "pass-authorized-networks-no-external"
  location           = "us-central1"
  initial_node_count = 1
  master_authorized_networks_config {
  }
}

resource "google_container_cluster" "pass_ip_endpoint_off" {
  name               = "pass-ip-endpoint-off"
  location           = "us-central1"
  initial_node_count = 1
  control_plane_endpoints_config {
    ip_endpoints_config {
      enabled = false
    }
    dns_endpoint_config {
      allow_external_traffic = true
    }
  }
}

resource "google_container_cluster" "fail_default" {
  name               = "fail-default"
  location           = "us-central1"
  initial_node_count = 1
}

resource "google_container_cluster" "fail_authorized_anywhere" {
  name               = "fail-authorized-anywhere"
  location           = "us-central1"
  initial_node_count = 1
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "10.20.0.0/16"
      display_name = "corp-vpn"
    }
    cidr_blocks {
      cidr_block   = "0.0.0.0/0"
      display_name = "all"
    }
  }
}

resource "google_container_cluster" "fail_gcp_public_cidrs" {
  name               = "fail-gcp-public-cidrs"
  location           = "us-central1"
  initial_node_count = 1
  master_authorized_networks_config {
    gcp_public_cidrs_access_enabled = true
  }
}

resource "google_container_cluster" "fail_private_nodes_public_endpoint" {
  name               = "fail-private-nodes-public-endpoint"
  location           = "us-central1"
  initial_node_count = 1
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = "172.16.0.32/28"
  }
}

resource "google_container_cluster" "unknown_variable" {
  name               = "unknown-variable"
  location           = "us-central1"
  initial_node_count = 1
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block = var.v
    }
  }
}

