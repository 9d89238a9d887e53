# Whole-policy resources: policy_data from a google_iam_policy data
# source, built from its bindings when they are known.
variable "policy_member" {
  type = string
}

data "google_iam_policy" "public" {
  binding {
    role    = "roles/viewer"
    members = ["allUsers"]
  }
}

data "google_iam_policy" "team" {
  binding {
    role    = "roles/viewer"
    members = ["group:ml-team@example.com"]
  }
}

data "google_iam_policy" "from_variable" {
  binding {
    role    = "roles/viewer"
    members = [var.policy_member]
  }
}

resource "google_workbench_instance_iam_policy" "fail_policy_all_users" {
  name        = "wb"
  policy_data = data.google_iam_policy.public.policy_data
}

resource "google_workbench_instance_iam_policy" "pass_policy_team" {
  name        = "wb"
  policy_data = data.google_iam_policy.team.policy_data
}

resource "google_workbench_instance_iam_policy" "unknown_policy_member" {
  name        = "wb"
  policy_data = data.google_iam_policy.from_variable.policy_data
}
