variable "vtpm" {
  type = bool
}

resource "google_compute_instance" "pass_defaults" {
  name         = "trainer-a"
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
}

resource "google_compute_instance" "pass_explicit" {
  name         = "trainer-b"
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
  shielded_instance_config {
    enable_secure_boot          = false
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }
}

resource "google_compute_instance" "fail_no_vtpm" {
  name         = "trainer-c"
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
  shielded_instance_config {
    enable_vtpm = false
  }
}

resource "google_compute_instance_template" "fail_no_integrity" {
  name_prefix  = "inference-"
  machine_type = "g2-standard-8"
  disk {
    source_image = "debian-cloud/debian-12"
  }
  network_interface {
    network = "default"
  }
  shielded_instance_config {
    enable_integrity_monitoring = false
  }
}

resource "google_compute_region_instance_template" "pass_region_template" {
  name_prefix  = "batch-"
  region       = "us-central1"
  machine_type = "n2-standard-8"
  disk {
    source_image = "debian-cloud/debian-12"
  }
  network_interface {
    network = "default"
  }
  shielded_instance_config {
    enable_secure_boot = true
  }
}

resource "google_compute_instance" "unknown_vtpm" {
  name         = "trainer-d"
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
  shielded_instance_config {
    enable_vtpm = var.vtpm
  }
}
