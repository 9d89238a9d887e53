variable "policy" {
  type = string
}

locals {
  trust = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

# sts:AssumeRole in a trust policy is who may assume the role, not what
# the role may do: not this rule's business.
resource "aws_iam_role" "pass_role_without_inline_policy" {
  name               = "bare"
  assume_role_policy = local.trust
}

resource "aws_iam_policy" "pass_scoped" {
  name   = "scoped"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sts:AssumeRole", "redshift:GetClusterCredentials"], Resource = "arn:aws:iam::111122223333:role/feature-store-reader" }] })
}

resource "aws_iam_policy" "pass_other_actions_on_star" {
  name   = "describe"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["ec2:Describe*", "s3:ListAllMyBuckets", "ecr:GetAuthorizationToken"], Resource = "*" }] })
}

resource "aws_iam_policy" "pass_deny" {
  name   = "deny"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "sts:*", Resource = "*" }] })
}

resource "aws_iam_role" "pass_role_scoped_inline" {
  name               = "scoped"
  assume_role_policy = local.trust

  inline_policy {
    name   = "scoped"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111122223333:role/reader" }] })
  }
}

resource "aws_iam_policy" "fail_assume_any_role" {
  name   = "assume-any"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }] })
}

# A wildcard form, written in another case: IAM compares without case.
resource "aws_iam_user_policy" "fail_wildcard_access_keys" {
  user   = "ci"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "IAM:*accesskey"], Resource = ["*"] }] })
}

data "aws_iam_policy_document" "db" {
  statement {
    actions   = ["rds-db:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "fail_policy_document" {
  role   = aws_iam_role.pass_role_without_inline_policy.id
  policy = data.aws_iam_policy_document.db.json
}

resource "aws_iam_role" "fail_role_inline" {
  name               = "warehouse"
  assume_role_policy = local.trust

  inline_policy {
    name   = "warehouse"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["redshift:GetClusterCredentials"], Resource = "*" }] })
  }
}

resource "aws_iam_group_policy" "fail_admin" {
  group  = "admins"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}

resource "aws_iam_policy" "unknown_policy" {
  name   = "unknown"
  policy = var.policy
}

# A Condition scopes the statement (here to roles tagged for the team):
# cloudsplaining, and so checkov, leave such statements alone.
resource "aws_iam_policy" "pass_conditioned" {
  name   = "tagged"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*", Condition = { StringEquals = { "iam:ResourceTag/team" = "ml" } } }] })
}

# An IAM Identity Center permission set's inline policy.
resource "aws_ssoadmin_permission_set_inline_policy" "fail_sso_inline" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-1111111111111111"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }] })
}

resource "aws_ssoadmin_permission_set_inline_policy" "pass_sso_inline_scoped" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sagemaker:InvokeEndpoint"], Resource = "arn:aws:sagemaker:us-east-1:111122223333:endpoint/llm" }] })
}
