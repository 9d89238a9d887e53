variable "public" {
  type = bool
}

variable "nat_ip" {
  type = string
}

resource "google_compute_address" "static" {
  name = "trainer"
}

resource "google_compute_instance" "pass_internal" {
  name         = "gpu-a"
  machine_type = "a2-highgpu-1g"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = "private"
  }
}

resource "google_compute_instance" "fail_ephemeral" {
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
    access_config {}
  }
}

resource "google_compute_instance" "fail_static_second_nic" {
  name         = "gpu-c"
  machine_type = "a2-highgpu-2g"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = "private"
  }
  network_interface {
    subnetwork = "public"
    access_config {
      nat_ip = google_compute_address.static.address
    }
  }
}

resource "google_compute_instance" "fail_ipv6" {
  name         = "gpu-d"
  machine_type = "g2-standard-8"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = "dual"
    stack_type = "IPV4_IPV6"
    ipv6_access_config {
      network_tier = "PREMIUM"
    }
  }
}

resource "google_compute_instance" "pass_known_off" {
  name         = "gpu-e"
  machine_type = "g2-standard-8"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = "private"
    dynamic "access_config" {
      for_each = []
      content {}
    }
  }
}

resource "google_compute_instance" "unknown_dynamic" {
  name         = "gpu-f"
  machine_type = "g2-standard-8"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = "private"
    dynamic "access_config" {
      for_each = var.public ? [1] : []
      content {
        nat_ip = var.nat_ip
      }
    }
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
    access_config {}
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
    subnetwork = "private"
  }
}
