variable "member" {}

resource "google_artifact_registry_repository" "images" {
  location      = "us-central1"
  repository_id = "ml-images"
  format        = "DOCKER"
}

resource "google_service_account" "training" {
  account_id = "training"
}

resource "google_artifact_registry_repository_iam_member" "pass_service_account" {
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:${google_service_account.training.email}"
}

resource "google_artifact_registry_repository_iam_member" "fail_all_users" {
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.reader"
  member     = "allUsers"
}

resource "google_artifact_registry_repository_iam_member" "fail_all_authenticated" {
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.writer"
  member     = "allAuthenticatedUsers"
}

resource "google_artifact_registry_repository_iam_member" "unknown_variable" {
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.reader"
  member     = var.member
}

resource "google_artifact_registry_repository_iam_binding" "pass_group" {
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.reader"
  members    = ["group:ml-platform@example.com"]
}

resource "google_artifact_registry_repository_iam_binding" "fail_binding_all_users" {
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.reader"
  members    = ["group:ml-platform@example.com", "allUsers"]
}
