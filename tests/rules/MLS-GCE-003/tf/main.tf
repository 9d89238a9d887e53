variable "serial" {
  type = string
}

resource "google_compute_instance" "pass_no_metadata" {
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

resource "google_compute_instance" "pass_off" {
  name         = "gpu-b"
  machine_type = "a2-highgpu-1g"
  zone         = "us-central1-a"
  metadata = {
    serial-port-enable = "false"
    enable-oslogin     = "TRUE"
  }
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = "private"
  }
}

resource "google_compute_instance" "fail_on" {
  name         = "gpu-c"
  machine_type = "a2-highgpu-1g"
  zone         = "us-central1-a"
  metadata = {
    serial-port-enable = true
  }
  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = "private"
  }
}

resource "google_compute_instance_template" "fail_template_upper" {
  name_prefix  = "gpu-"
  machine_type = "a2-highgpu-1g"
  metadata = {
    "serial-port-enable" = "TRUE"
  }
  disk {
    source_image = "debian-cloud/debian-12"
  }
  network_interface {
    subnetwork = "private"
  }
}

resource "google_compute_region_instance_template" "unknown_var" {
  name_prefix  = "gpu-"
  region       = "us-central1"
  machine_type = "a2-highgpu-1g"
  metadata = {
    serial-port-enable = var.serial
  }
  disk {
    source_image = "debian-cloud/debian-12"
  }
  network_interface {
    subnetwork = "private"
  }
}
