resource "google_container_cluster" "pass_workload_identity" {
  name               = "pass-workload-identity"
  location           = "us-central1"
  initial_node_count = 1
  workload_identity_config {
    workload_pool = "ml-prod.svc.id.goog"
  }
}

resource "google_container_cluster" "pass_autopilot" {
  name               = "pass-autopilot"
  location           = "us-central1"
  initial_node_count = 1
  enable_autopilot = true
}

resource "google_container_cluster" "fail_no_workload_identity" {
  name               = "fail-no-workload-identity"
  location           = "us-central1"
  initial_node_count = 1
}

resource "google_container_cluster" "fail_default_pool_gce_metadata" {
  name               = "fail-default-pool-gce-metadata"
  location           = "us-central1"
  initial_node_count = 1
  workload_identity_config {
    workload_pool = "ml-prod.svc.id.goog"
  }
  node_config {
    workload_metadata_config {
      mode = "GCE_METADATA"
    }
  }
}

resource "google_container_node_pool" "pass_pool_explicit" {
  name       = "gpu"
  cluster    = google_container_cluster.pass_workload_identity.id
  node_count = 1
  node_config {
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}

resource "google_container_node_pool" "pass_pool_inherits" {
  name       = "cpu"
  cluster    = google_container_cluster.pass_workload_identity.name
  node_count = 1
}

resource "google_container_node_pool" "fail_pool_gce_metadata" {
  name       = "legacy"
  cluster    = google_container_cluster.pass_workload_identity.id
  node_count = 1
  node_config {
    workload_metadata_config {
      mode = "GCE_METADATA"
    }
  }
}

resource "google_container_node_pool" "fail_pool_cluster_without_wi" {
  name       = "cpu"
  cluster    = google_container_cluster.fail_no_workload_identity.id
  node_count = 1
}

resource "google_container_node_pool" "unknown_pool_literal_cluster" {
  name       = "cpu"
  cluster    = "projects/ml-prod/locations/us-central1/clusters/shared"
  node_count = 1
}

# Provider < 4.0 spelling of the GKE metadata server.
resource "google_container_cluster" "pass_legacy_node_metadata" {
  name               = "legacy"
  location           = "us-central1"
  initial_node_count = 1
  node_config {
    workload_metadata_config {
      node_metadata = "GKE_METADATA_SERVER"
    }
  }
}

resource "google_container_cluster" "fail_legacy_expose" {
  name               = "legacy-expose"
  location           = "us-central1"
  initial_node_count = 1
  workload_identity_config {
    workload_pool = "my-project.svc.id.goog"
  }
  node_config {
    workload_metadata_config {
      node_metadata = "EXPOSE"
    }
  }
}
