variable "member" {}

resource "google_kms_key_ring" "ml" {
  name     = "ml"
  location = "us-central1"
}

resource "google_kms_crypto_key" "ml" {
  name     = "ml"
  key_ring = google_kms_key_ring.ml.id
}

resource "google_service_account" "training" {
  account_id = "training"
}

resource "google_kms_crypto_key_iam_member" "pass_service_account" {
  crypto_key_id = google_kms_crypto_key.ml.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${google_service_account.training.email}"
}

resource "google_kms_crypto_key_iam_member" "fail_all_users" {
  crypto_key_id = google_kms_crypto_key.ml.id
  role          = "roles/cloudkms.cryptoKeyDecrypter"
  member        = "allUsers"
}

resource "google_kms_crypto_key_iam_binding" "fail_binding_all_authenticated" {
  crypto_key_id = google_kms_crypto_key.ml.id
  role          = "roles/cloudkms.cryptoKeyEncrypter"
  members       = ["allAuthenticatedUsers"]
}

resource "google_kms_key_ring_iam_binding" "pass_ring_group" {
  key_ring_id = google_kms_key_ring.ml.id
  role        = "roles/cloudkms.viewer"
  members     = ["group:ml-platform@example.com"]
}

resource "google_kms_key_ring_iam_member" "fail_ring_all_users" {
  key_ring_id = google_kms_key_ring.ml.id
  role        = "roles/cloudkms.admin"
  member      = "allUsers"
}

resource "google_kms_crypto_key_iam_member" "unknown_variable" {
  crypto_key_id = google_kms_crypto_key.ml.id
  role          = "roles/cloudkms.cryptoKeyDecrypter"
  member        = var.member
}

resource "google_kms_crypto_key_iam_policy" "fail_policy_all_users" {
  crypto_key_id = google_kms_crypto_key.ml.id
  policy_data = jsonencode({
    bindings = [{
      role    = "roles/cloudkms.cryptoKeyEncrypter"
      members = ["user:jane@example.com", "allUsers"]
    }]
  })
}

resource "google_kms_key_ring_iam_policy" "fail_ring_policy_all_authenticated" {
  key_ring_id = google_kms_key_ring.ml.id
  policy_data = <<-EOT
    {"bindings": [{"role": "roles/cloudkms.viewer", "members": ["allAuthenticatedUsers"]}]}
  EOT
}

resource "google_kms_crypto_key_iam_policy" "pass_policy_users" {
  crypto_key_id = google_kms_crypto_key.ml.id
  policy_data = jsonencode({
    bindings = [{
      role    = "roles/cloudkms.cryptoKeyEncrypter"
      members = ["user:jane@example.com"]
    }]
  })
}

data "google_iam_policy" "kms" {
  binding {
    role    = "roles/cloudkms.cryptoKeyEncrypter"
    members = ["allUsers"]
  }
}

resource "google_kms_crypto_key_iam_policy" "fail_policy_data_source" {
  crypto_key_id = google_kms_crypto_key.ml.id
  policy_data   = data.google_iam_policy.kms.policy_data
}
