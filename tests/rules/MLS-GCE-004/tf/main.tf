variable "block" {
  type = string
}

resource "google_compute_instance" "fail_default" {
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

resource "google_compute_instance" "pass_blocked" {
  name         = "gpu-b"
  machine_type = "a2-highgpu-1g"
  zone         = "us-central1-a"
  metadata = {
    block-project-ssh-keys = true
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

resource "google_compute_instance_template" "pass_oslogin" {
  name_prefix  = "gpu-"
  machine_type = "a2-highgpu-1g"
  metadata = {
    enable-oslogin = "TRUE"
  }
  disk {
    source_image = "debian-cloud/debian-12"
  }
  network_interface {
    subnetwork = "private"
  }
}

resource "google_compute_region_instance_template" "fail_blocked_false" {
  name_prefix  = "gpu-"
  region       = "us-central1"
  machine_type = "a2-highgpu-1g"
  metadata = {
    block-project-ssh-keys = "false"
  }
  disk {
    source_image = "debian-cloud/debian-12"
  }
  network_interface {
    subnetwork = "private"
  }
}

resource "google_compute_instance" "unknown_block" {
  name         = "gpu-c"
  machine_type = "a2-highgpu-1g"
  zone         = "us-central1-a"
  metadata = {
    block-project-ssh-keys = var.block
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
