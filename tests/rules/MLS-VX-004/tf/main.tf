variable "monitoring" {
  type = bool
}

resource "google_notebooks_instance" "pass_default" {
  name         = "nb-default"
  location     = "us-central1-a"
  machine_type = "e2-medium"
}

resource "google_notebooks_instance" "pass_explicit" {
  name         = "nb-on"
  location     = "us-central1-a"
  machine_type = "e2-medium"
  shielded_instance_config {
    enable_integrity_monitoring = true
  }
}

resource "google_notebooks_instance" "fail_monitoring_off" {
  name         = "nb-off"
  location     = "us-central1-a"
  machine_type = "e2-medium"
  shielded_instance_config {
    enable_integrity_monitoring = false
  }
}

resource "google_notebooks_instance" "unknown_monitoring" {
  name         = "nb-var"
  location     = "us-central1-a"
  machine_type = "e2-medium"
  shielded_instance_config {
    enable_integrity_monitoring = var.monitoring
  }
}
