variable "secure_boot" {}

variable "autopilot" {}

# Default node pool.

resource "google_container_cluster" "pass_default_pool_secure_boot" {
  name               = "pass-default-pool-secure-boot"
  location           = "us-central1"
  initial_node_count = 1
  node_config {
    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}

resource "google_container_cluster" "fail_default_pool_no_node_config" {
  name               = "fail-default-pool-no-node-config"
  location           = "us-central1"
  initial_node_count = 1
}

resource "google_container_cluster" "fail_default_pool_no_shielded_config" {
  name               = "fail-default-pool-no-shielded-config"
  location           = "us-central1"
  initial_node_count = 1
  node_config {
    machine_type = "e2-standard-8"
  }
}

resource "google_container_cluster" "fail_default_pool_secure_boot_off" {
  name               = "fail-default-pool-secure-boot-off"
  location           = "us-central1"
  initial_node_count = 1
  node_config {
    shielded_instance_config {
      enable_secure_boot          = false
      enable_integrity_monitoring = true
    }
  }
}

resource "google_container_cluster" "fail_default_pool_integrity_only" {
  name               = "fail-default-pool-integrity-only"
  location           = "us-central1"
  initial_node_count = 1
  node_config {
    shielded_instance_config {
      enable_integrity_monitoring = true
    }
  }
}

resource "google_container_cluster" "unknown_default_pool_variable" {
  name               = "unknown-default-pool-variable"
  location           = "us-central1"
  initial_node_count = 1
  node_config {
    shielded_instance_config {
      enable_secure_boot = var.secure_boot
    }
  }
}

# Default node pool removed: its node_config does not matter.

resource "google_container_cluster" "pass_removed_default_pool" {
  name                     = "pass-removed-default-pool"
  location                 = "us-central1"
  initial_node_count       = 1
  remove_default_node_pool = true
}

resource "google_container_cluster" "pass_removed_default_pool_insecure_node_config" {
  name                     = "pass-removed-default-pool-insecure-node-config"
  location                 = "us-central1"
  initial_node_count       = 1
  remove_default_node_pool = true
  node_config {
    shielded_instance_config {
      enable_secure_boot = false
    }
  }
}

resource "google_container_cluster" "fail_keeps_default_pool" {
  name                     = "fail-keeps-default-pool"
  location                 = "us-central1"
  initial_node_count       = 1
  remove_default_node_pool = false
}

# Autopilot: Google manages the nodes.

resource "google_container_cluster" "pass_autopilot" {
  name             = "pass-autopilot"
  location         = "us-central1"
  enable_autopilot = true
}

resource "google_container_cluster" "fail_autopilot_off" {
  name               = "fail-autopilot-off"
  location           = "us-central1"
  initial_node_count = 1
  enable_autopilot   = false
}

resource "google_container_cluster" "unknown_autopilot_variable" {
  name             = "unknown-autopilot-variable"
  location         = "us-central1"
  enable_autopilot = var.autopilot
}

# Inline node pools replace the default pool.

resource "google_container_cluster" "pass_inline_pools" {
  name     = "pass-inline-pools"
  location = "us-central1"
  node_pool {
    name       = "cpu"
    node_count = 1
    node_config {
      shielded_instance_config {
        enable_secure_boot = true
      }
    }
  }
  node_pool {
    name       = "gpu"
    node_count = 1
    node_config {
      machine_type = "a2-highgpu-1g"
      shielded_instance_config {
        enable_secure_boot = true
      }
    }
  }
}

resource "google_container_cluster" "fail_inline_pool_without_secure_boot" {
  name     = "fail-inline-pool-without-secure-boot"
  location = "us-central1"
  node_pool {
    name       = "cpu"
    node_count = 1
    node_config {
      shielded_instance_config {
        enable_secure_boot = true
      }
    }
  }
  node_pool {
    name       = "gpu"
    node_count = 1
    node_config {
      machine_type = "a2-highgpu-1g"
    }
  }
}

resource "google_container_cluster" "unknown_inline_pool_variable" {
  name     = "unknown-inline-pool-variable"
  location = "us-central1"
  node_pool {
    name       = "cpu"
    node_count = 1
    node_config {
      shielded_instance_config {
        enable_secure_boot = var.secure_boot
      }
    }
  }
}

# Separately managed node pools.

resource "google_container_node_pool" "pass_pool_secure_boot" {
  name       = "gpu"
  cluster    = google_container_cluster.pass_removed_default_pool.id
  node_count = 1
  node_config {
    machine_type = "a2-highgpu-1g"
    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}

resource "google_container_node_pool" "fail_pool_no_node_config" {
  name       = "tiny"
  cluster    = google_container_cluster.pass_removed_default_pool.id
  node_count = 1
}

resource "google_container_node_pool" "fail_pool_no_shielded_config" {
  name       = "cpu"
  cluster    = google_container_cluster.pass_removed_default_pool.id
  node_count = 1
  node_config {
    machine_type = "e2-standard-8"
  }
}

resource "google_container_node_pool" "fail_pool_secure_boot_off" {
  name       = "legacy"
  cluster    = google_container_cluster.pass_removed_default_pool.id
  node_count = 1
  node_config {
    shielded_instance_config {
      enable_secure_boot = false
    }
  }
}

resource "google_container_node_pool" "unknown_pool_variable" {
  name       = "var"
  cluster    = google_container_cluster.pass_removed_default_pool.id
  node_count = 1
  node_config {
    shielded_instance_config {
      enable_secure_boot = var.secure_boot
    }
  }
}
