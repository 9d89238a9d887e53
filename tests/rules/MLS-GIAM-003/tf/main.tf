resource "google_service_account" "training" {
  account_id = "training"
}

variable "member" {}


resource "google_project_iam_member" "pass_dedicated" {
  project = "ml-prod"
  role    = "roles/storage.objectViewer"
  member  = "serviceAccount:${google_service_account.training.email}"
}

resource "google_project_iam_member" "fail_compute_default" {
  project = "ml-prod"
  role    = "roles/storage.objectViewer"
  member  = "serviceAccount:123456789012-compute@developer.gserviceaccount.com"
}

resource "google_project_iam_binding" "fail_appspot_binding" {
  project = "ml-prod"
  role    = "roles/aiplatform.user"
  members = ["user:alice@example.com", "serviceAccount:ml-prod@appspot.gserviceaccount.com"]
}

resource "google_project_iam_binding" "pass_binding_users" {
  project = "ml-prod"
  role    = "roles/aiplatform.user"
  members = ["user:alice@example.com"]
}

resource "google_project_iam_member" "unknown_variable" {
  project = "ml-prod"
  role    = "roles/aiplatform.user"
  member  = var.member
}


# A lookup may find the default compute account itself: only an account
# this configuration creates is known not to be a default one.
data "google_service_account" "looked_up" {
  account_id = var.member
}

resource "google_project_iam_member" "unknown_looked_up_account" {
  project = "ml-prod"
  role    = "roles/storage.objectViewer"
  member  = "serviceAccount:${data.google_service_account.looked_up.email}"
}

# Each member on its own: the created account passes, the user too.
resource "google_project_iam_binding" "pass_binding_created_account" {
  project = "ml-prod"
  role    = "roles/aiplatform.user"
  members = ["user:alice@example.com", "serviceAccount:${google_service_account.training.email}"]
}

resource "google_project_iam_binding" "fail_binding_created_and_default" {
  project = "ml-prod"
  role    = "roles/aiplatform.user"
  members = ["serviceAccount:${google_service_account.training.email}", "serviceAccount:123456789012-compute@developer.gserviceaccount.com"]
}

variable "group" {}

resource "google_project_iam_member" "pass_group_of_unknown_name" {
  project = "ml-prod"
  role    = "roles/bigquery.user"
  member  = "group:${var.group}"
}

resource "google_project_iam_binding" "unknown_binding_member_variable" {
  project = "ml-prod"
  role    = "roles/aiplatform.user"
  members = ["serviceAccount:${var.member}"]
}

# The default accounts' data sources: a default account, whatever the
# project.
data "google_compute_default_service_account" "default" {}
data "google_app_engine_default_service_account" "appspot" {}

resource "google_project_iam_member" "fail_default_sa_data_source" {
  project = "my-project"
  role    = "roles/storage.objectViewer"
  member  = "serviceAccount:${data.google_compute_default_service_account.default.email}"
}

resource "google_project_iam_member" "fail_appspot_data_source_member" {
  project = "my-project"
  role    = "roles/storage.objectViewer"
  member  = data.google_app_engine_default_service_account.appspot.member
}

resource "google_project_iam_binding" "fail_default_sa_data_source_in_members" {
  project = "my-project"
  role    = "roles/storage.objectViewer"
  members = [
    "group:ml@example.com",
    "serviceAccount:${data.google_compute_default_service_account.default.email}",
  ]
}
