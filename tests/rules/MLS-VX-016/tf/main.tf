variable "external" {
  type = bool
}

resource "google_tpu_v2_vm" "pass_internal" {
  name            = "tpu-internal"
  zone            = "us-central1-c"
  runtime_version = "tpu-vm-tf-2.15.0"
  network_config {
    enable_external_ips = false
  }
}

resource "google_tpu_v2_vm" "fail_external" {
  name            = "tpu-external"
  zone            = "us-central1-c"
  runtime_version = "tpu-vm-tf-2.15.0"
  network_config {
    enable_external_ips = true
  }
}

resource "google_tpu_v2_vm" "fail_no_network_config" {
  name            = "tpu-default"
  zone            = "us-central1-c"
  runtime_version = "tpu-vm-tf-2.15.0"
}

resource "google_tpu_v2_vm" "unknown_variable" {
  name            = "tpu-var"
  zone            = "us-central1-c"
  runtime_version = "tpu-vm-tf-2.15.0"
  network_config {
    enable_external_ips = var.external
  }
}
