variable "project_id" {
  type = string
}

variable "region" {
  type    = string
  default = "us-central1"
}

variable "zone" {
  type    = string
  default = "us-central1-a"
}

variable "network" {
  description = "Self link of the shared VPC used for private Vertex endpoints."
  type        = string
}

variable "subnetwork" {
  type = string
}

variable "pipeline_sa_roles" {
  description = "Project roles for the Vertex pipeline runner."
  type        = set(string)
  default = [
    "roles/aiplatform.user",
    "roles/storage.objectAdmin",
    "roles/bigquery.dataViewer",
  ]
}

variable "workbench_users" {
  description = "Data scientists who get a personal Workbench instance."
  type        = map(string)
  default     = {}
}

variable "labels" {
  type    = map(string)
  default = {}
}
