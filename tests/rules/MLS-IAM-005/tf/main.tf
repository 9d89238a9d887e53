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
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:*"], Resource = "*" }] })
}

resource "aws_iam_role_policy" "fail_role_policy" {
  role   = aws_iam_role.pass_role_without_inline_policy.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:*"], Resource = "*" }] })
}

resource "aws_iam_role" "fail_role_inline" {
  name               = "bad-inline"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })

  inline_policy {
    name   = "bad"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:*"], Resource = "*" }] })
  }
}

resource "aws_iam_policy" "unknown_policy" {
  name   = "unknown"
  policy = var.policy
}

resource "aws_iam_policy" "fail_action_star" {
  name   = "admin"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["ec2:*", "*"], Resource = "*" }] })
}

resource "aws_ssoadmin_permission_set_inline_policy" "pass_sso_scoped" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-1"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }] })
}

resource "aws_ssoadmin_permission_set_inline_policy" "fail_sso_iam" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-1"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:HeadBucket", "iam:*"], Resource = "*" }] })
}

# "*" on resources of other services grants no IAM action.
resource "aws_iam_policy" "pass_action_star_s3_only" {
  name   = "s3-only"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = ["arn:aws:s3:::training-data", "arn:aws:s3:::training-data/*"] }] })
}

resource "aws_iam_policy" "fail_action_star_iam_role" {
  name   = "role-admin"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = ["arn:aws:s3:::training-data", "arn:aws:iam::111122223333:role/trainer"] }] })
}

resource "aws_iam_policy" "fail_action_star_not_resource" {
  name   = "not-resource"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", NotResource = "arn:aws:s3:::audit-logs/*" }] })
}
