variable "member" {
  type = string
}

resource "google_workbench_instance_iam_member" "pass_group" {
  location = "us-central1-a"
  name     = "wb"
  role     = "roles/notebooks.runner"
  member   = "group:ml-team@example.com"
}

resource "google_workbench_instance_iam_member" "fail_all_users" {
  location = "us-central1-a"
  name     = "wb"
  role     = "roles/notebooks.viewer"
  member   = "allUsers"
}

resource "google_notebooks_instance_iam_binding" "pass_binding" {
  location      = "us-central1-a"
  instance_name = "nb"
  role          = "roles/notebooks.admin"
  members       = ["user:alice@example.com", "serviceAccount:sa@p.iam.gserviceaccount.com"]
}

resource "google_notebooks_instance_iam_binding" "fail_all_authenticated" {
  location      = "us-central1-a"
  instance_name = "nb"
  role          = "roles/notebooks.viewer"
  members       = ["user:alice@example.com", "allAuthenticatedUsers"]
}

resource "google_vertex_ai_endpoint_iam_member" "fail_endpoint_public" {
  provider = google-beta
  location = "us-central1"
  endpoint = "ep"
  role     = "roles/aiplatform.user"
  member   = "allUsers"
}

resource "google_vertex_ai_endpoint_iam_member" "unknown_member" {
  provider = google-beta
  location = "us-central1"
  endpoint = "ep"
  role     = "roles/aiplatform.user"
  member   = var.member
}
