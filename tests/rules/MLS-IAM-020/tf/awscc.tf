# The Cloud Control provider (awscc) declares IAM with CloudFormation's
# properties: policy_document of a managed, role, user or group policy,
# and policies[*].policy_document of a role, user or group, each a JSON
# string. Failing: dynamodb:*.
variable "cc_policy" {
  type = string
}

locals {
  cc_trust = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  cc_bad = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = ["s3:GetObject", "dynamodb:*"], Resource = "arn:aws:s3:::training-data/*" }
  ] })
  cc_good = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = ["s3:GetObject", "s3:ListBucket"], Resource = ["arn:aws:s3:::training-data", "arn:aws:s3:::training-data/*"] }
  ] })
}

resource "awscc_iam_managed_policy" "fail_cc_managed_policy" {
  policy_document = local.cc_bad
}

resource "awscc_iam_managed_policy" "pass_cc_managed_policy" {
  policy_document = local.cc_good
}

resource "awscc_iam_managed_policy" "unknown_cc_managed_policy" {
  policy_document = var.cc_policy
}

resource "awscc_iam_role_policy" "fail_cc_role_policy" {
  policy_name     = "bad"
  role_name       = "cc-training"
  policy_document = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = ["s3:GetObject", "dynamodb:*"], Resource = "arn:aws:s3:::training-data/*" }
  ] })
}

resource "awscc_iam_role_policy" "pass_cc_role_policy" {
  policy_name     = "scoped"
  role_name       = "cc-training"
  policy_document = local.cc_good
}

# policy_document is optional in the awscc schema.
resource "awscc_iam_role_policy" "pass_cc_role_policy_without_document" {
  policy_name = "empty"
  role_name   = "cc-training"
}

resource "awscc_iam_user_policy" "fail_cc_user_policy" {
  policy_name     = "bad"
  user_name       = "cc-analyst"
  policy_document = local.cc_bad
}

resource "awscc_iam_user_policy" "pass_cc_user_policy" {
  policy_name     = "scoped"
  user_name       = "cc-analyst"
  policy_document = local.cc_good
}

resource "awscc_iam_group_policy" "fail_cc_group_policy" {
  group_name      = "cc-ml-engineers"
  policy_name     = "bad"
  policy_document = local.cc_bad
}

resource "awscc_iam_group_policy" "pass_cc_group_policy" {
  group_name      = "cc-ml-engineers"
  policy_name     = "scoped"
  policy_document = local.cc_good
}

# Inline policies: a list of objects, each with its own JSON string.
resource "awscc_iam_role" "fail_cc_role_inline" {
  role_name                   = "cc-bad-inline"
  assume_role_policy_document = local.cc_trust
  policies = [
    { policy_name = "scoped", policy_document = local.cc_good },
    { policy_name = "bad", policy_document = local.cc_bad },
  ]
}

resource "awscc_iam_role" "pass_cc_role_inline" {
  role_name                   = "cc-scoped-inline"
  assume_role_policy_document = local.cc_trust
  policies                    = [{ policy_name = "scoped", policy_document = local.cc_good }]
}

resource "awscc_iam_role" "pass_cc_role_without_policies" {
  role_name                   = "cc-bare"
  assume_role_policy_document = local.cc_trust
}

resource "awscc_iam_role" "unknown_cc_role_inline" {
  role_name                   = "cc-unknown-inline"
  assume_role_policy_document = local.cc_trust
  policies                    = [{ policy_name = "given", policy_document = var.cc_policy }]
}

resource "awscc_iam_user" "fail_cc_user_inline" {
  user_name = "cc-bad-user"
  policies  = [{ policy_name = "bad", policy_document = local.cc_bad }]
}

resource "awscc_iam_user" "pass_cc_user_inline" {
  user_name = "cc-scoped-user"
  policies  = [{ policy_name = "scoped", policy_document = local.cc_good }]
}

resource "awscc_iam_group" "fail_cc_group_inline" {
  group_name = "cc-bad-group"
  policies   = [{ policy_name = "bad", policy_document = local.cc_bad }]
}

resource "awscc_iam_group" "pass_cc_group_inline" {
  group_name = "cc-scoped-group"
  policies   = [{ policy_name = "scoped", policy_document = local.cc_good }]
}
