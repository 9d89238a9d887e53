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

resource "google_notebooks_runtime_iam_member" "fail_runtime_public" {
  location     = "us-central1"
  runtime_name = "rt"
  role         = "roles/notebooks.viewer"
  member       = "allAuthenticatedUsers"
}

resource "google_notebooks_runtime_iam_binding" "pass_runtime_group" {
  location     = "us-central1"
  runtime_name = "rt"
  role         = "roles/notebooks.runner"
  members      = ["group:ml-team@example.com"]
}

resource "google_vertex_ai_featurestore_iam_member" "fail_featurestore_public" {
  provider     = google-beta
  region       = "us-central1"
  featurestore = "fs"
  role         = "roles/aiplatform.featurestoreDataViewer"
  member       = "allUsers"
}

resource "google_vertex_ai_featurestore_entitytype_iam_binding" "pass_entitytype_sa" {
  provider     = google-beta
  featurestore = "projects/p/locations/us-central1/featurestores/fs"
  entitytype   = "users"
  role         = "roles/aiplatform.featurestoreDataViewer"
  members      = ["serviceAccount:reader@p.iam.gserviceaccount.com"]
}

resource "google_vertex_ai_feature_group_iam_member" "pass_feature_group_user" {
  provider      = google-beta
  region        = "us-central1"
  feature_group = "fg"
  role          = "roles/aiplatform.featurestoreDataViewer"
  member        = "user:alice@example.com"
}

resource "google_vertex_ai_feature_online_store_iam_binding" "fail_online_store_public" {
  provider             = google-beta
  region               = "us-central1"
  feature_online_store = "os"
  role                 = "roles/aiplatform.featurestoreDataViewer"
  members              = ["allUsers"]
}

resource "google_vertex_ai_feature_online_store_featureview_iam_member" "fail_feature_view_public" {
  provider             = google-beta
  region               = "us-central1"
  feature_online_store = "os"
  feature_view         = "fv"
  role                 = "roles/aiplatform.featurestoreDataViewer"
  member               = "allAuthenticatedUsers"
}
