variable "shielded" {
  type = bool
}

resource "google_workbench_instance" "pass_default" {
  name     = "wb-default"
  location = "us-central1-a"
  gce_setup {
    machine_type = "e2-standard-4"
  }
}

resource "google_workbench_instance" "pass_explicit_on" {
  name     = "wb-on"
  location = "us-central1-a"
  gce_setup {
    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}

resource "google_workbench_instance" "fail_explicit_off" {
  name     = "wb-off"
  location = "us-central1-a"
  gce_setup {
    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = false
    }
  }
}

resource "google_workbench_instance" "unknown_variable" {
  name     = "wb-var"
  location = "us-central1-a"
  gce_setup {
    shielded_instance_config {
      enable_integrity_monitoring = var.shielded
    }
  }
}
