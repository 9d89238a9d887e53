resource "aws_kms_key" "training_data" {
  enable_key_rotation = true
}

resource "aws_iam_policy" "pass_scoped_to_key" {
  name   = "pass-scoped"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["kms:CreateGrant", "kms:Decrypt"], Resource = aws_kms_key.training_data.arn }] })
}

resource "aws_iam_policy" "pass_use_only" {
  name   = "pass-use"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource = "*" }] })
}

resource "aws_iam_policy" "pass_grant_for_aws_resource" {
  name = "pass-grant-condition"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{
    Effect    = "Allow", Action = "kms:CreateGrant", Resource = "*"
    Condition = { Bool = { "kms:GrantIsForAWSResource" = "true" } }
  }] })
}

resource "aws_iam_policy" "fail_kms_star" {
  name   = "fail-star"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kms:*", Resource = "*" }] })
}

resource "aws_iam_role_policy" "fail_put_key_policy" {
  name   = "fail-put"
  role   = "ml-admin"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "KMS:PutKeyPolicy"], Resource = ["*"] }] })
}

resource "aws_iam_role" "fail_inline_grant_wildcard" {
  name               = "fail-inline"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  inline_policy {
    name   = "grants"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kms:*Grant", Resource = "*" }] })
  }
}

resource "aws_iam_policy" "pass_deny" {
  name   = "pass-deny"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "kms:*", Resource = "*" }] })
}

variable "actions" {
  type = list(string)
}

resource "aws_iam_policy" "unknown_actions" {
  name   = "unknown"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }] })
}

# An IAM Identity Center permission set's inline policy.
resource "aws_ssoadmin_permission_set_inline_policy" "fail_sso_inline" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-1111111111111111"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kms:*", Resource = "*" }] })
}

resource "aws_ssoadmin_permission_set_inline_policy" "pass_sso_inline_scoped" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sagemaker:InvokeEndpoint"], Resource = "arn:aws:sagemaker:us-east-1:111122223333:endpoint/llm" }] })
}
