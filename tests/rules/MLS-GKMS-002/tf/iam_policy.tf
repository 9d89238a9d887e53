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

resource "google_kms_crypto_key_iam_policy" "fail_policy_all_users" {
  crypto_key_id = "projects/p/locations/l/keyRings/r/cryptoKeys/k"
  policy_data   = data.google_iam_policy.public.policy_data
}

resource "google_kms_crypto_key_iam_policy" "pass_policy_team" {
  crypto_key_id = "projects/p/locations/l/keyRings/r/cryptoKeys/k"
  policy_data   = data.google_iam_policy.team.policy_data
}

resource "google_kms_crypto_key_iam_policy" "unknown_policy_member" {
  crypto_key_id = "projects/p/locations/l/keyRings/r/cryptoKeys/k"
  policy_data   = data.google_iam_policy.from_variable.policy_data
}
