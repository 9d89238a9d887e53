# The Cloud Control provider (awscc): enable_key_rotation defaults to
# false; the key spec is key_spec (CloudFormation's KeySpec).
variable "awscc_rotate" {
  type = bool
}

resource "awscc_kms_key" "pass_awscc_rotation" {
  enable_key_rotation = true
}

resource "awscc_kms_key" "pass_awscc_asymmetric" {
  key_spec  = "RSA_2048"
  key_usage = "SIGN_VERIFY"
}

resource "awscc_kms_key" "pass_awscc_hmac" {
  key_spec  = "HMAC_256"
  key_usage = "GENERATE_VERIFY_MAC"
}

resource "awscc_kms_key" "fail_awscc_no_rotation" {
  description = "rotation left out"
}

resource "awscc_kms_key" "fail_awscc_rotation_false" {
  enable_key_rotation = false
  key_spec            = "SYMMETRIC_DEFAULT"
  key_usage           = "ENCRYPT_DECRYPT"
}

resource "awscc_kms_key" "unknown_awscc_rotation" {
  enable_key_rotation = var.awscc_rotate
}
