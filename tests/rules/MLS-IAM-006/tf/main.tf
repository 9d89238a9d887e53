variable "policy" {
  type = string
}

resource "aws_iam_policy" "pass_scoped" {
  name   = "scoped"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sagemaker:InvokeEndpoint"], Resource = "arn:aws:sagemaker:us-east-1:111122223333:endpoint/llm" }] })
}

resource "aws_iam_role" "pass_role_scoped_inline" {
  name               = "scoped"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })

  inline_policy {
    name   = "scoped"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sagemaker:InvokeEndpoint"], Resource = "arn:aws:sagemaker:us-east-1:111122223333:endpoint/llm" }] })
  }
}

resource "aws_iam_role" "pass_role_without_inline_policy" {
  name               = "bare"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_policy" "fail_policy_0" {
  name   = "bad0"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }] })
}

resource "aws_iam_policy" "fail_policy_1" {
  name   = "bad1"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:Pass*"], Resource = ["*"] }] })
}

resource "aws_iam_role_policy" "fail_role_policy" {
  role   = aws_iam_role.pass_role_without_inline_policy.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }] })
}

resource "aws_iam_role" "fail_role_inline" {
  name               = "bad-inline"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })

  inline_policy {
    name   = "bad"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }] })
  }
}

resource "aws_iam_policy" "unknown_policy" {
  name   = "unknown"
  policy = var.policy
}

resource "aws_iam_policy" "pass_passed_to_service" {
  name = "passrole-sagemaker"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*", Condition = { StringEquals = { "iam:PassedToService" = "sagemaker.amazonaws.com" } } }]
  })
}

# cfn_nag F38-F40 count every front/back wildcard form of PassRole, and "*".
resource "aws_iam_policy" "fail_wildcard_forms" {
  name   = "forms"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:*Role", "s3:GetObject"], Resource = "*" }] })
}

resource "aws_iam_policy" "fail_star_action" {
  name   = "star"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}

resource "aws_iam_policy" "pass_other_iam_wildcard" {
  name   = "other"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:Get*", "iam:*User"], Resource = "*" }] })
}

# IAM matches action names without case.
resource "aws_iam_policy" "fail_other_case" {
  name   = "case"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "IAM:passrole", Resource = "*" }] })
}

# An IAM Identity Center permission set's inline policy.
resource "aws_ssoadmin_permission_set_inline_policy" "fail_sso_inline" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-1111111111111111"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }] })
}

resource "aws_ssoadmin_permission_set_inline_policy" "pass_sso_inline_scoped" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sagemaker:InvokeEndpoint"], Resource = "arn:aws:sagemaker:us-east-1:111122223333:endpoint/llm" }] })
}
