variable "rotate" {
  type = bool
}

resource "aws_kms_key" "pass_rotation" {
  description = "ml"
  enable_key_rotation = true
}

resource "aws_kms_key" "pass_asymmetric" {
  description = "ml"
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "fail_default" {
  description = "ml"
}

resource "aws_kms_key" "fail_disabled" {
  description = "ml"
  enable_key_rotation = false
}

resource "aws_kms_key" "unknown_rotation" {
  description = "ml"
  enable_key_rotation = var.rotate
}

resource "aws_kms_key" "pass_sign_usage_only" {
  description         = "ml"
  enable_key_rotation = false
  key_usage           = "SIGN_VERIFY"
}
