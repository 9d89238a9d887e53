variable "data_key" {
  type = string
}

resource "google_kms_crypto_key" "wb" {
  name     = "workbench"
  key_ring = "projects/p/locations/us-central1/keyRings/ml"
}

resource "google_workbench_instance" "pass_boot_and_data_cmek" {
  name     = "wb-cmek"
  location = "us-central1-a"
  gce_setup {
    boot_disk {
      disk_encryption = "CMEK"
      kms_key         = google_kms_crypto_key.wb.id
    }
    data_disks {
      disk_encryption = "CMEK"
      kms_key         = google_kms_crypto_key.wb.id
    }
  }
}

resource "google_workbench_instance" "pass_boot_cmek_no_data_disks" {
  name     = "wb-boot"
  location = "us-central1-a"
  gce_setup {
    boot_disk {
      disk_encryption = "CMEK"
      kms_key         = google_kms_crypto_key.wb.id
    }
  }
}

resource "google_workbench_instance" "fail_no_gce_setup" {
  name     = "wb-default"
  location = "us-central1-a"
}

resource "google_workbench_instance" "fail_data_disk_gmek" {
  name     = "wb-data-gmek"
  location = "us-central1-a"
  gce_setup {
    boot_disk {
      disk_encryption = "CMEK"
      kms_key         = google_kms_crypto_key.wb.id
    }
    data_disks {
      disk_size_gb = 500
    }
  }
}

resource "google_workbench_instance" "fail_boot_gmek" {
  name     = "wb-boot-gmek"
  location = "us-central1-a"
  gce_setup {
    boot_disk {
      disk_encryption = "GMEK"
    }
  }
}

resource "google_workbench_instance" "unknown_data_key" {
  name     = "wb-var"
  location = "us-central1-a"
  gce_setup {
    boot_disk {
      disk_encryption = "CMEK"
      kms_key         = google_kms_crypto_key.wb.id
    }
    data_disks {
      disk_encryption = var.data_key
      kms_key         = google_kms_crypto_key.wb.id
    }
  }
}

# CMEK asked for with an empty key name: no key
resource "google_workbench_instance" "fail_empty_boot_key" {
  name     = "wb-empty-key"
  location = "us-central1-a"
  gce_setup {
    boot_disk {
      disk_encryption = "CMEK"
      kms_key         = ""
    }
  }
}
