resource "google_service_account" "training" {
  account_id = "training"
}

variable "member" {}


resource "google_project_iam_member" "pass_other_role" {
  project = "ml-prod"
  role    = "roles/aiplatform.user"
  member  = "serviceAccount:${google_service_account.training.email}"
}

resource "google_project_iam_member" "fail_sa_user" {
  project = "ml-prod"
  role    = "roles/iam.serviceAccountUser"
  member  = "user:alice@example.com"
}

resource "google_project_iam_binding" "fail_token_creator" {
  project = "ml-prod"
  role    = "roles/iam.serviceAccountTokenCreator"
  members = ["serviceAccount:ci@ml-prod.iam.gserviceaccount.com"]
}

variable "role" {}

resource "google_project_iam_member" "unknown_role" {
  project = "ml-prod"
  role    = "${var.role}"
  member  = "user:alice@example.com"
}

