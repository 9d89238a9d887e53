# Personal Workbench instances, locked down.
resource "google_workbench_instance" "personal" {
  for_each = var.workbench_users

  name            = "wb-${each.key}"
  location        = var.zone
  instance_owners = [each.value]
  labels          = merge(var.labels, { owner = each.key })

  gce_setup {
    machine_type      = "n1-standard-8"
    disable_public_ip = true

    service_accounts {
      email = google_service_account.pipeline_runner.email
    }

    boot_disk {
      disk_size_gb    = 150
      disk_type       = "PD_BALANCED"
      disk_encryption = "CMEK"
      kms_key         = google_kms_crypto_key.vertex.id
    }

    data_disks {
      disk_size_gb    = 500
      disk_type       = "PD_BALANCED"
      disk_encryption = "CMEK"
      kms_key         = google_kms_crypto_key.vertex.id
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_vtpm                 = true
      enable_integrity_monitoring = true
    }

    network_interfaces {
      network = var.network
      subnet  = var.subnetwork
    }

    metadata = {
      notebook-disable-root      = "true"
      notebook-disable-downloads = "true"
      notebook-disable-terminal  = "false"
      idle-timeout-seconds       = "10800"
    }
  }
}

# Shared GPU box for the weekly reading group.
resource "google_workbench_instance" "reading_group" {
  name     = "wb-reading-group"
  location = var.zone

  gce_setup {
    machine_type      = "g2-standard-8"
    disable_public_ip = false

    accelerator_configs {
      type       = "NVIDIA_L4"
      core_count = 1
    }

    service_accounts {
      email = local.compute_default_sa
    }

    boot_disk {
      disk_size_gb = 200
      disk_type    = "PD_SSD"
    }

    metadata = {
      post-startup-script = "https://raw.githubusercontent.com/acme-ml-reading-group/setup/main/startup.sh"
    }
  }
}

resource "google_workbench_instance_iam_member" "reading_group" {
  location = google_workbench_instance.reading_group.location
  name     = google_workbench_instance.reading_group.name
  role     = "roles/notebooks.viewer"
  member   = "allAuthenticatedUsers"
}

# Pre-Workbench notebook still used by the pricing team; scheduled for
# migration in Q3.
resource "google_notebooks_instance" "pricing_legacy" {
  name         = "pricing-legacy"
  location     = var.zone
  machine_type = "n1-standard-4"

  vm_image {
    project      = "deeplearning-platform-release"
    image_family = "tf-latest-cpu"
  }

  no_public_ip    = false
  no_proxy_access = false

  network = var.network
  subnet  = var.subnetwork
}
