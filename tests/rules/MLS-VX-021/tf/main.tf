variable "disable_root" {
  type = string
}

resource "google_workbench_instance" "pass_root_disabled" {
  name     = "wb-noroot"
  location = "us-central1-a"
  gce_setup {
    metadata = {
      notebook-disable-root      = "true"
      notebook-disable-downloads = "true"
    }
  }
}

resource "google_workbench_instance" "fail_no_metadata" {
  name     = "wb-default"
  location = "us-central1-a"
  gce_setup {
    machine_type = "e2-standard-4"
  }
}

resource "google_workbench_instance" "fail_metadata_without_key" {
  name     = "wb-other"
  location = "us-central1-a"
  gce_setup {
    metadata = {
      idle-timeout-seconds = "10800"
    }
  }
}

resource "google_workbench_instance" "fail_explicit_false" {
  name     = "wb-root"
  location = "us-central1-a"
  gce_setup {
    metadata = {
      notebook-disable-root = "false"
    }
  }
}

resource "google_workbench_instance" "unknown_variable" {
  name     = "wb-var"
  location = "us-central1-a"
  gce_setup {
    metadata = {
      notebook-disable-root = var.disable_root
    }
  }
}
