resource "google_kms_crypto_key" "docai" {
  name     = "docai"
  key_ring = "projects/acme/locations/us/keyRings/ml"
}

resource "google_document_ai_processor" "pass_cmek" {
  location     = "us"
  display_name = "forms-cmek"
  type         = "FORM_PARSER_PROCESSOR"
  kms_key_name = google_kms_crypto_key.docai.id
}

resource "google_document_ai_processor" "pass_key_literal" {
  location     = "us"
  display_name = "ocr-cmek"
  type         = "OCR_PROCESSOR"
  kms_key_name = "projects/acme/locations/us/keyRings/ml/cryptoKeys/docai"
}

resource "google_document_ai_processor" "fail_google_managed" {
  location     = "us"
  display_name = "forms"
  type         = "FORM_PARSER_PROCESSOR"
}
