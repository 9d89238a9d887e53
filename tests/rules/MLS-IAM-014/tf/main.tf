variable "policy" {
  type = string
}

locals {
  trust = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role" "pass_role_without_inline_policy" {
  name               = "bare"
  assume_role_policy = local.trust
}

# The role it may pass is named: a training job runs as that role only.
resource "aws_iam_policy" "pass_passrole_scoped" {
  name = "train"
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::111122223333:role/training" },
    { Effect = "Allow", Action = ["sagemaker:CreateTrainingJob", "sagemaker:Describe*"], Resource = "*" },
  ] })
}

# Half a path: a notebook it cannot open, and assuming roles without
# changing what they may do.
resource "aws_iam_policy" "pass_half_paths" {
  name = "half"
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = ["iam:PassRole", "sagemaker:CreateNotebookInstance", "sts:AssumeRole"], Resource = "*" },
  ] })
}

resource "aws_iam_policy" "pass_deny" {
  name   = "deny"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "iam:*", Resource = "*" }] })
}

resource "aws_iam_policy" "fail_create_policy_version" {
  name   = "versions"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:CreatePolicyVersion", Resource = "*" }] })
}

# PassRole and CreateTrainingJob from two statements of one document.
resource "aws_iam_role_policy" "fail_sagemaker_training_job" {
  role = aws_iam_role.pass_role_without_inline_policy.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Sid = "Pass", Effect = "Allow", Action = "iam:PassRole", Resource = "*" },
    { Sid = "Train", Effect = "Allow", Action = ["sagemaker:CreateTrainingJob"], Resource = ["*"] },
  ] })
}

resource "aws_iam_role" "fail_role_inline_notebook" {
  name               = "notebooks"
  assume_role_policy = local.trust

  inline_policy {
    name   = "notebooks"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresigned*"], Resource = "*" }] })
  }
}

data "aws_iam_policy_document" "lambda" {
  statement {
    actions   = ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]
    resources = ["*"]
  }
}

resource "aws_iam_user_policy" "fail_lambda_passrole" {
  user   = "ci"
  policy = data.aws_iam_policy_document.lambda.json
}

resource "aws_iam_group_policy" "fail_attach_and_assume" {
  group  = "ops"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["IAM:attachrolepolicy", "sts:AssumeRole"], Resource = "*" }] })
}

resource "aws_iam_policy" "unknown_policy" {
  name   = "unknown"
  policy = var.policy
}

# A Condition scopes the statement: left alone, as cloudsplaining does.
resource "aws_iam_policy" "pass_conditioned" {
  name   = "tagged"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:CreatePolicyVersion", Resource = "*", Condition = { StringEquals = { "aws:ResourceTag/team" = "ml" } } }] })
}

# An IAM Identity Center permission set's inline policy.
resource "aws_ssoadmin_permission_set_inline_policy" "fail_sso_inline" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-1111111111111111"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:CreatePolicyVersion", Resource = "*" }] })
}

resource "aws_ssoadmin_permission_set_inline_policy" "pass_sso_inline_scoped" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sagemaker:InvokeEndpoint"], Resource = "arn:aws:sagemaker:us-east-1:111122223333:endpoint/llm" }] })
}
