variable "period" {}

resource "google_kms_key_ring" "ml" {
  name     = "ml"
  location = "us-central1"
}

resource "google_kms_crypto_key" "pass_90_days" {
  name            = "pass-90-days"
  key_ring        = google_kms_key_ring.ml.id
  rotation_period = "7776000s"
}

resource "google_kms_crypto_key" "pass_30_days" {
  name            = "pass-30-days"
  key_ring        = google_kms_key_ring.ml.id
  rotation_period = "2592000s"
}

resource "google_kms_crypto_key" "pass_asymmetric" {
  name     = "pass-asymmetric"
  key_ring = google_kms_key_ring.ml.id
  purpose  = "ASYMMETRIC_SIGN"
  version_template {
    algorithm = "EC_SIGN_P256_SHA256"
  }
}

resource "google_kms_crypto_key" "fail_no_rotation" {
  name     = "fail-no-rotation"
  key_ring = google_kms_key_ring.ml.id
}

resource "google_kms_crypto_key" "fail_one_year" {
  name            = "fail-one-year"
  key_ring        = google_kms_key_ring.ml.id
  rotation_period = "31536000s"
}

resource "google_kms_crypto_key" "fail_just_over" {
  name            = "fail-just-over"
  key_ring        = google_kms_key_ring.ml.id
  purpose         = "ENCRYPT_DECRYPT"
  rotation_period = "7776001s"
}

resource "google_kms_crypto_key" "unknown_variable" {
  name            = "unknown-variable"
  key_ring        = google_kms_key_ring.ml.id
  rotation_period = var.period
}
