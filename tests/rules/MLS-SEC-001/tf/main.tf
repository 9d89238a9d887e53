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

# The AWS-managed key found through its alias, by name or by the alias's
# ARN; a customer alias found the same way is a customer-managed key.
data "aws_kms_alias" "aws_secrets" {
  name = "alias/aws/secretsmanager"
}

data "aws_kms_key" "aws_secrets_arn" {
  key_id = "arn:aws:kms:eu-west-1:111122223333:alias/aws/secretsmanager"
}

data "aws_kms_alias" "own" {
  name = "alias/ml-secrets"
}

resource "aws_secretsmanager_secret" "fail_aws_managed_alias_lookup" {
  name       = "alias-lookup"
  kms_key_id = data.aws_kms_alias.aws_secrets.target_key_arn
}

resource "aws_secretsmanager_secret" "fail_aws_managed_key_by_alias_arn" {
  name       = "key-lookup"
  kms_key_id = data.aws_kms_key.aws_secrets_arn.id
}

resource "aws_secretsmanager_secret" "pass_own_alias_lookup" {
  name       = "own-lookup"
  kms_key_id = data.aws_kms_alias.own.target_key_arn
}
