variable "role" {
  type = string
}

resource "google_project_iam_member" "pass_predefined" {
  project = "ml-prod"
  role    = "roles/aiplatform.user"
  member  = "group:data-scientists@example.com"
}

resource "google_project_iam_member" "fail_editor_user" {
  project = "ml-prod"
  role    = "roles/editor"
  member  = "user:alice@example.com"
}

resource "google_project_iam_binding" "fail_viewer_binding" {
  project = "ml-prod"
  role    = "roles/viewer"
  members = ["group:analysts@example.com"]
}

resource "google_folder_iam_member" "fail_owner_folder" {
  folder = "folders/123456789"
  role   = "roles/owner"
  member = "user:admin@example.com"
}

resource "google_organization_iam_binding" "pass_org_predefined" {
  org_id  = "123456789012"
  role    = "roles/resourcemanager.organizationViewer"
  members = ["group:security@example.com"]
}

resource "google_project_iam_member" "unknown_role" {
  project = "ml-prod"
  role    = var.role
  member  = "user:bob@example.com"
}

# Authoritative and empty: removes Editor from everyone.
resource "google_project_iam_binding" "pass_remove_editors" {
  project = "ml-prod"
  role    = "roles/editor"
  members = []
}
