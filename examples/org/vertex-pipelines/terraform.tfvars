project_id = "acme-ml-prod"
region     = "us-central1"

network    = "projects/acme-net-host/global/networks/shared-ml"
subnetwork = "projects/acme-net-host/regions/us-central1/subnetworks/ml-workbench"

# editor added during the BigQuery migration; the runner kept failing on
# dataset creation and nobody found the narrower role in time.
pipeline_sa_roles = [
  "roles/aiplatform.user",
  "roles/storage.objectAdmin",
  "roles/bigquery.dataViewer",
  "roles/editor",
]

workbench_users = {
  priya = "priya.raman@acme.example"
  tomas = "tomas.lindqvist@acme.example"
}

labels = {
  team = "ml-platform"
  repo = "vertex-pipelines"
}
