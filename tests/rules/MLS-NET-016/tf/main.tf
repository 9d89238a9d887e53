resource "google_compute_subnetwork" "pass_flow_logs" {
  name          = "ml-private"
  region        = "us-central1"
  network       = "ml-vpc"
  ip_cidr_range = "10.10.0.0/20"
  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
    flow_sampling        = 0.5
  }
}

resource "google_compute_subnetwork" "pass_proxy_only" {
  name          = "proxy-only"
  region        = "us-central1"
  network       = "ml-vpc"
  ip_cidr_range = "10.20.0.0/23"
  purpose       = "REGIONAL_MANAGED_PROXY"
  role          = "ACTIVE"
}

resource "google_compute_subnetwork" "fail_no_log_config" {
  name          = "ml-training"
  region        = "us-central1"
  network       = "ml-vpc"
  ip_cidr_range = "10.30.0.0/20"
}
