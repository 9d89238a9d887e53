variable "script" {
  type = string
}

resource "google_workbench_instance" "pass_gcs_script" {
  name     = "wb-gcs"
  location = "us-central1-a"
  gce_setup {
    metadata = {
      post-startup-script = "gs://ml-platform-scripts/startup.sh"
    }
  }
}

resource "google_workbench_instance" "pass_no_script" {
  name     = "wb-none"
  location = "us-central1-a"
  gce_setup {
    machine_type = "e2-standard-4"
  }
}

resource "google_workbench_instance" "fail_https_script" {
  name     = "wb-https"
  location = "us-central1-a"
  gce_setup {
    metadata = {
      post-startup-script = "https://raw.githubusercontent.com/someone/scripts/main/setup.sh"
    }
  }
}

resource "google_workbench_instance" "fail_http_script" {
  name     = "wb-http"
  location = "us-central1-a"
  gce_setup {
    metadata = {
      post-startup-script = "HTTP://10.0.0.5/setup.sh"
    }
  }
}

resource "google_workbench_instance" "unknown_variable" {
  name     = "wb-var"
  location = "us-central1-a"
  gce_setup {
    metadata = {
      post-startup-script = var.script
    }
  }
}
