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
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["dynamodb:*"], Resource = "*" }] })
}

resource "aws_iam_role_policy" "fail_role_policy" {
  role   = aws_iam_role.pass_role_without_inline_policy.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["dynamodb:*"], Resource = "*" }] })
}

resource "aws_iam_role" "fail_role_inline" {
  name               = "bad-inline"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })

  inline_policy {
    name   = "bad"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["dynamodb:*"], Resource = "*" }] })
  }
}

resource "aws_iam_policy" "unknown_policy" {
  name   = "unknown"
  policy = var.policy
}

# A wildcard inside an action is not the whole service; s3:* is
# MLS-IAM-003's, * MLS-IAM-002's.
resource "aws_iam_policy" "pass_describe_only" {
  name   = "describe"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["ec2:Describe*", "logs:Get*"], Resource = "*" }] })
}

resource "aws_iam_policy" "pass_left_to_other_rules" {
  name   = "others"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:*", "sagemaker:*", "*"], Resource = "*" }] })
}

resource "aws_iam_policy" "fail_one_service_among_others" {
  name   = "mixed"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "logs:*"], Resource = "arn:aws:logs:us-east-1:111122223333:log-group:/ml/*" }] })
}

resource "aws_iam_policy" "pass_deny" {
  name   = "deny"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = ["dynamodb:*"], Resource = "*" }] })
}

# An IAM Identity Center permission set's inline policy.
resource "aws_ssoadmin_permission_set_inline_policy" "fail_sso_inline" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-1111111111111111"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["dynamodb:*"], Resource = "*" }] })
}

resource "aws_ssoadmin_permission_set_inline_policy" "pass_sso_inline_scoped" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sagemaker:InvokeEndpoint"], Resource = "arn:aws:sagemaker:us-east-1:111122223333:endpoint/llm" }] })
}
