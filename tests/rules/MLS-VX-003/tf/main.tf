variable "vtpm" {
  type = bool
}

resource "google_notebooks_instance" "pass_default" {
  name         = "nb-default"
  location     = "us-central1-a"
  machine_type = "e2-medium"
}

resource "google_notebooks_instance" "pass_block_without_vtpm" {
  name         = "nb-block"
  location     = "us-central1-a"
  machine_type = "e2-medium"
  shielded_instance_config {
    enable_secure_boot = true
  }
}

resource "google_notebooks_instance" "fail_vtpm_off" {
  name         = "nb-off"
  location     = "us-central1-a"
  machine_type = "e2-medium"
  shielded_instance_config {
    enable_vtpm = false
  }
}

resource "google_notebooks_instance" "unknown_vtpm" {
  name         = "nb-var"
  location     = "us-central1-a"
  machine_type = "e2-medium"
  shielded_instance_config {
    enable_vtpm = var.vtpm
  }
}
