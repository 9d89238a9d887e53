# The Cloud Control provider (awscc): a role, user or group attaches managed
# policies in managed_policy_arns (CloudFormation's ManagedPolicyArns).
variable "cc_policy_arn" {
  type = string
}

locals {
  cc_trust = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "awscc_iam_managed_policy" "cc_own" {
  policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*" }] })
}

resource "aws_iam_policy" "cc_own_aws" {
  name   = "cc-own-aws"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*" }] })
}

resource "awscc_iam_role" "fail_cc_role_admin" {
  assume_role_policy_document = local.cc_trust
  managed_policy_arns         = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"]
}

# Policies the configuration creates, with either provider: the account's own.
resource "awscc_iam_role" "pass_cc_role_own_policies" {
  assume_role_policy_document = local.cc_trust
  managed_policy_arns         = [awscc_iam_managed_policy.cc_own.policy_arn, aws_iam_policy.cc_own_aws.arn]
}

resource "awscc_iam_role" "pass_cc_role_without_managed_policies" {
  assume_role_policy_document = local.cc_trust
}

resource "awscc_iam_role" "unknown_cc_role_variable" {
  assume_role_policy_document = local.cc_trust
  managed_policy_arns         = [var.cc_policy_arn]
}

resource "awscc_iam_user" "fail_cc_user_admin" {
  user_name           = "cc-admin"
  managed_policy_arns = ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"]
}

resource "awscc_iam_user" "pass_cc_user_read_only" {
  user_name           = "cc-reader"
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
}

resource "awscc_iam_group" "fail_cc_group_admin_any_partition" {
  group_name          = "cc-admins"
  managed_policy_arns = ["arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"]
}

resource "awscc_iam_group" "pass_cc_group_own_policy" {
  group_name          = "cc-readers"
  managed_policy_arns = [awscc_iam_managed_policy.cc_own.policy_arn]
}
