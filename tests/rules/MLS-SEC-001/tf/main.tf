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

# A lookup by a name mlsweep cannot resolve may find AWS's own key.
variable "key_name" {
  type = string
}

data "aws_kms_key" "by_variable" {
  key_id = var.key_name
}

resource "aws_secretsmanager_secret" "unknown_lookup_by_variable" {
  name       = "lookup-var"
  kms_key_id = data.aws_kms_key.by_variable.arn
}

# ... unless what is known of the name rules AWS's aliases out,
data "aws_kms_key" "team_alias" {
  key_id = "alias/${var.key_name}-secrets"
}

resource "aws_secretsmanager_secret" "pass_lookup_customer_alias" {
  name       = "lookup-team"
  kms_key_id = data.aws_kms_key.team_alias.arn
}

# ... or it is a key the configuration creates.
data "aws_kms_key" "own_key" {
  key_id = aws_kms_key.secrets.key_id
}

resource "aws_secretsmanager_secret" "pass_lookup_own_key" {
  name       = "lookup-own"
  kms_key_id = data.aws_kms_key.own_key.arn
}
