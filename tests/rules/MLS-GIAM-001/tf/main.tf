resource "google_service_account" "training" {
  account_id = "training"
}

variable "member" {}


resource "google_project_iam_member" "pass_narrow_role" {
  project = "ml-prod"
  role    = "roles/aiplatform.user"
  member  = "serviceAccount:${google_service_account.training.email}"
}

resource "google_project_iam_member" "pass_admin_to_group" {
  project = "ml-prod"
  role    = "roles/storage.admin"
  member  = "group:ml-admins@example.com"
}

resource "google_project_iam_member" "fail_editor_sa" {
  project = "ml-prod"
  role    = "roles/editor"
  member  = "serviceAccount:${google_service_account.training.email}"
}

resource "google_project_iam_member" "fail_admin_literal_sa" {
  project = "ml-prod"
  role    = "roles/aiplatform.admin"
  member  = "serviceAccount:ci@ml-prod.iam.gserviceaccount.com"
}

resource "google_project_iam_binding" "fail_owner_binding" {
  project = "ml-prod"
  role    = "roles/owner"
  members = ["user:alice@example.com", "serviceAccount:ci@ml-prod.iam.gserviceaccount.com"]
}

resource "google_project_iam_binding" "pass_owner_users" {
  project = "ml-prod"
  role    = "roles/owner"
  members = ["user:alice@example.com"]
}

resource "google_project_iam_member" "fail_security_admin_sa" {
  project = "ml-prod"
  role    = "roles/iam.securityAdmin"
  member  = "serviceAccount:ci@ml-prod.iam.gserviceaccount.com"
}

resource "google_project_iam_member" "unknown_variable" {
  project = "ml-prod"
  role    = "roles/editor"
  member  = var.member
}


# a service-account address under another prefix is still a service account
resource "google_project_iam_member" "fail_owner_sa_address_user_prefix" {
  project = "ml-prod"
  role    = "roles/owner"
  member  = "user:test@ml-prod.iam.gserviceaccount.com"
}
