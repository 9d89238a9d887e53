resource "google_service_account" "nodes" {
  account_id = "gke-nodes"
}

resource "google_container_cluster" "pass_removed_default_pool" {
  name               = "pass-removed-default-pool"
  location           = "us-central1"
  initial_node_count = 1
  remove_default_node_pool = true
}

resource "google_container_cluster" "pass_dedicated_sa" {
  name               = "pass-dedicated-sa"
  location           = "us-central1"
  initial_node_count = 1
  node_config {
    service_account = google_service_account.nodes.email
  }
}

resource "google_container_cluster" "pass_literal_sa" {
  name               = "pass-literal-sa"
  location           = "us-central1"
  initial_node_count = 1
  node_config {
    service_account = "gke-nodes@ml-prod.iam.gserviceaccount.com"
  }
}

resource "google_container_cluster" "fail_default_pool_no_sa" {
  name               = "fail-default-pool-no-sa"
  location           = "us-central1"
  initial_node_count = 1
}

resource "google_container_cluster" "fail_default_compute_sa" {
  name               = "fail-default-compute-sa"
  location           = "us-central1"
  initial_node_count = 1
  node_config {
    service_account = "123456789012-compute@developer.gserviceaccount.com"
  }
}

resource "google_container_cluster" "pass_inline_pools" {
  name     = "pass-inline-pools"
  location = "us-central1"
  node_pool {
    name       = "cpu"
    node_count = 1
    node_config {
      service_account = "gke-nodes@ml-prod.iam.gserviceaccount.com"
    }
  }
}

resource "google_container_cluster" "fail_inline_pool_default_sa" {
  name     = "fail-inline-pool-default-sa"
  location = "us-central1"
  node_pool {
    name       = "cpu"
    node_count = 1
    node_config {
      service_account = "gke-nodes@ml-prod.iam.gserviceaccount.com"
    }
  }
  node_pool {
    name       = "gpu"
    node_count = 1
  }
}

resource "google_container_cluster" "pass_autopilot_sa" {
  name             = "pass-autopilot-sa"
  location         = "us-central1"
  enable_autopilot = true
  cluster_autoscaling {
    auto_provisioning_defaults {
      service_account = google_service_account.nodes.email
    }
  }
}

resource "google_container_cluster" "fail_autopilot_default" {
  name             = "fail-autopilot-default"
  location         = "us-central1"
  enable_autopilot = true
}

resource "google_container_node_pool" "pass_pool_sa" {
  name       = "gpu"
  cluster    = google_container_cluster.pass_removed_default_pool.id
  node_count = 1
  node_config {
    machine_type    = "a2-highgpu-1g"
    service_account = google_service_account.nodes.email
  }
}

resource "google_container_node_pool" "fail_pool_no_sa" {
  name       = "cpu"
  cluster    = google_container_cluster.pass_removed_default_pool.id
  node_count = 1
  node_config {
    machine_type = "e2-standard-8"
  }
}

resource "google_container_node_pool" "fail_pool_no_node_config" {
  name       = "tiny"
  cluster    = google_container_cluster.pass_removed_default_pool.id
  node_count = 1
}

# The data source is the default account itself.
data "google_compute_default_service_account" "default" {}

resource "google_container_node_pool" "fail_pool_default_sa_data_source" {
  name    = "pool-data"
  cluster = "c"
  node_config {
    service_account = data.google_compute_default_service_account.default.email
  }
}

resource "google_container_cluster" "fail_inline_pool_default_sa_data_source" {
  name     = "inline-data"
  location = "us-central1"
  node_pool {
    name = "p"
    node_config {
      service_account = data.google_compute_default_service_account.default.email
    }
  }
}

resource "google_container_cluster" "fail_autopilot_default_sa_data_source" {
  name             = "autopilot-data"
  location         = "us-central1"
  enable_autopilot = true
  cluster_autoscaling {
    auto_provisioning_defaults {
      service_account = data.google_compute_default_service_account.default.email
    }
  }
}
