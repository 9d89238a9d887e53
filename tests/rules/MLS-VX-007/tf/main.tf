variable "internal_only" {
  type = bool
}

resource "google_notebooks_runtime" "pass_internal" {
  name     = "rt-internal"
  location = "us-central1"
  virtual_machine {
    virtual_machine_config {
      machine_type     = "n1-standard-4"
      internal_ip_only = true
    }
  }
}

resource "google_notebooks_runtime" "fail_external" {
  name     = "rt-external"
  location = "us-central1"
  virtual_machine {
    virtual_machine_config {
      machine_type     = "n1-standard-4"
      internal_ip_only = false
    }
  }
}

resource "google_notebooks_runtime" "fail_absent" {
  name     = "rt-default"
  location = "us-central1"
  virtual_machine {
    virtual_machine_config {
      machine_type = "n1-standard-4"
    }
  }
}

resource "google_notebooks_runtime" "unknown_variable" {
  name     = "rt-var"
  location = "us-central1"
  virtual_machine {
    virtual_machine_config {
      machine_type     = "n1-standard-4"
      internal_ip_only = var.internal_only
    }
  }
}
