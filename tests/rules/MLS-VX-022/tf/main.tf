variable "sa" {
  type = string
}

resource "google_service_account" "notebook" {
  account_id = "notebook-runner"
}

resource "google_workbench_instance" "pass_dedicated_sa" {
  name     = "wb-sa"
  location = "us-central1-a"
  gce_setup {
    service_accounts {
      email = "notebook-runner@my-project.iam.gserviceaccount.com"
    }
  }
}

resource "google_workbench_instance" "pass_sa_reference" {
  name     = "wb-sa-ref"
  location = "us-central1-a"
  gce_setup {
    service_accounts {
      email = google_service_account.notebook.email
    }
  }
}

resource "google_workbench_instance" "fail_no_service_account" {
  name     = "wb-default"
  location = "us-central1-a"
  gce_setup {
    machine_type = "e2-standard-4"
  }
}

resource "google_workbench_instance" "fail_default_compute_sa" {
  name     = "wb-compute"
  location = "us-central1-a"
  gce_setup {
    service_accounts {
      email = "123456789012-compute@developer.gserviceaccount.com"
    }
  }
}

resource "google_workbench_instance" "unknown_variable" {
  name     = "wb-var"
  location = "us-central1-a"
  gce_setup {
    service_accounts {
      email = var.sa
    }
  }
}

# The data source is the default account itself, whatever its project.
data "google_compute_default_service_account" "default" {}

resource "google_workbench_instance" "fail_default_sa_data_source" {
  name     = "wb-default-data"
  location = "us-central1-a"
  gce_setup {
    service_accounts {
      email = data.google_compute_default_service_account.default.email
    }
  }
}

# Any other lookup may find a dedicated account: undecided.
data "google_service_account" "looked_up" {
  account_id = "notebook-runner"
}

resource "google_workbench_instance" "unknown_looked_up_sa" {
  name     = "wb-looked-up"
  location = "us-central1-a"
  gce_setup {
    service_accounts {
      email = data.google_service_account.looked_up.email
    }
  }
}
