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


# A binding with no members grants nobody; one whose members are not
# known may grant anyone.
variable "impersonators" {
  type = list(string)
}

resource "google_project_iam_binding" "pass_binding_no_members" {
  project = "ml-prod"
  role    = "roles/iam.serviceAccountTokenCreator"
  members = []
}

resource "google_project_iam_binding" "unknown_binding_members" {
  project = "ml-prod"
  role    = "roles/iam.serviceAccountUser"
  members = var.impersonators
}
