variable "key" {
  type = string
}

resource "aws_kms_key" "secrets" {
  description = "secrets"
}

resource "aws_secretsmanager_secret" "pass_cmk" {
  name       = "hf-token"
  kms_key_id = aws_kms_key.secrets.arn
}

resource "aws_secretsmanager_secret" "fail_default_key" {
  name = "openai-api-key"
}

resource "aws_secretsmanager_secret" "fail_aws_managed_alias" {
  name       = "db-password"
  kms_key_id = "alias/aws/secretsmanager"
}

resource "aws_secretsmanager_secret" "unknown_variable" {
  name       = "var-secret"
  kms_key_id = var.key
}
