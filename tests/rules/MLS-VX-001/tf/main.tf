variable "no_public_ip" {
  type = bool
}

resource "google_notebooks_instance" "pass_private" {
  name         = "nb-private"
  location     = "us-central1-a"
  machine_type = "e2-medium"
  no_public_ip = true
  vm_image {
    project      = "deeplearning-platform-release"
    image_family = "tf-latest-cpu"
  }
}

resource "google_notebooks_instance" "fail_public_ip" {
  name         = "nb-public"
  location     = "us-central1-a"
  machine_type = "e2-medium"
  no_public_ip = false
}

resource "google_notebooks_instance" "fail_default_public_ip" {
  name         = "nb-default"
  location     = "us-central1-a"
  machine_type = "e2-medium"
}

resource "google_notebooks_instance" "unknown_from_variable" {
  name         = "nb-var"
  location     = "us-central1-a"
  machine_type = "e2-medium"
  no_public_ip = var.no_public_ip
}
