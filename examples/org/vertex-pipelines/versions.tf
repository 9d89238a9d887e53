terraform {
  required_version = ">= 1.6.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.10"
    }
  }

  backend "gcs" {
    bucket = "acme-ml-tfstate"
    prefix = "vertex-pipelines"
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}
