variable "sa_email" {
  type = string
}

data "google_compute_default_service_account" "default" {}

resource "google_service_account" "trainer" {
  account_id = "trainer"
}

resource "google_compute_instance" "fail_no_email" {
  name         = "gpu-a"
  machine_type = "a2-highgpu-1g"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "deeplearning-platform-release/common-cu121"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    scopes = ["cloud-platform"]
  }
}

resource "google_compute_instance" "fail_literal_default" {
  name         = "gpu-b"
  machine_type = "a2-highgpu-1g"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    email  = "123456789012-compute@developer.gserviceaccount.com"
    scopes = ["https://www.googleapis.com/auth/cloud-platform"]
  }
}

resource "google_compute_instance" "fail_data_default" {
  name         = "gpu-c"
  machine_type = "g2-standard-8"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    email  = data.google_compute_default_service_account.default.email
    scopes = ["userinfo-email", "cloud-platform"]
  }
}

resource "google_compute_instance" "pass_dedicated" {
  name         = "gpu-d"
  machine_type = "g2-standard-8"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    email  = google_service_account.trainer.email
    scopes = ["cloud-platform"]
  }
}

resource "google_compute_instance" "pass_default_narrow_scopes" {
  name         = "cpu-e"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    scopes = ["logging-write", "monitoring-write"]
  }
}

resource "google_compute_instance" "pass_no_account" {
  name         = "cpu-f"
  machine_type = "e2-small"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
}

resource "google_compute_instance" "unknown_email" {
  name         = "gpu-g"
  machine_type = "a2-highgpu-1g"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    network = "default"
  }
  service_account {
    email  = var.sa_email
    scopes = ["cloud-platform"]
  }
}

resource "google_compute_instance_template" "fail_template" {
  name_prefix  = "gpu-"
  machine_type = "a2-highgpu-1g"
  disk {
    source_image = "debian-cloud/debian-12"
  }
  network_interface {
    network = "default"
  }
  service_account {
    email  = "default"
    scopes = ["cloud-platform"]
  }
}

resource "google_compute_region_instance_template" "pass_region_template" {
  name_prefix  = "gpu-"
  region       = "us-central1"
  machine_type = "a2-highgpu-1g"
  disk {
    source_image = "debian-cloud/debian-12"
  }
  network_interface {
    network = "default"
  }
  service_account {
    email  = google_service_account.trainer.email
    scopes = ["cloud-platform"]
  }
}
