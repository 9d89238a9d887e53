variable "member" {
  type = string
}

resource "google_storage_bucket_iam_member" "pass_service_account" {
  bucket = "ml-training-data"
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:training@my-project.iam.gserviceaccount.com"
}

resource "google_storage_bucket_iam_member" "fail_all_users" {
  bucket = "ml-training-data"
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_storage_bucket_iam_binding" "pass_binding" {
  bucket  = "ml-models"
  role    = "roles/storage.objectAdmin"
  members = ["group:ml-team@example.com"]
}

resource "google_storage_bucket_iam_binding" "fail_all_authenticated" {
  bucket  = "ml-models"
  role    = "roles/storage.objectViewer"
  members = ["group:ml-team@example.com", "allAuthenticatedUsers"]
}

resource "google_storage_bucket_iam_member" "unknown_member" {
  bucket = "ml-models"
  role   = "roles/storage.objectViewer"
  member = var.member
}
