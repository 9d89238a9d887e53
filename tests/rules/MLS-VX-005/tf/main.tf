variable "disable_public_ip" {
  type = bool
}

resource "google_workbench_instance" "pass_private" {
  name     = "wb-private"
  location = "us-central1-a"
  gce_setup {
    machine_type      = "e2-standard-4"
    disable_public_ip = true
  }
}

resource "google_workbench_instance" "fail_public" {
  name     = "wb-public"
  location = "us-central1-a"
  gce_setup {
    disable_public_ip = false
  }
}

resource "google_workbench_instance" "fail_no_gce_setup" {
  name     = "wb-default"
  location = "us-central1-a"
}

resource "google_workbench_instance" "fail_attribute_absent" {
  name     = "wb-attr"
  location = "us-central1-a"
  gce_setup {
    machine_type = "e2-standard-4"
  }
}

resource "google_workbench_instance" "unknown_variable" {
  name     = "wb-var"
  location = "us-central1-a"
  gce_setup {
    disable_public_ip = var.disable_public_ip
  }
}
