variable "resource" {
  type = string
}

resource "aws_s3_bucket" "training" {
  bucket = "acme-training"
}

resource "aws_iam_policy" "pass_scoped_bucket" {
  name = "read-training-data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.training.arn, "${aws_s3_bucket.training.arn}/*"]
    }]
  })
}

resource "aws_iam_policy" "pass_other_actions_on_star" {
  name = "describe"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:ListAllMyBuckets", "sagemaker:Describe*", "s3:PutObject"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "pass_deny" {
  name = "deny-secrets"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "secretsmanager:GetSecretValue"
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "fail_get_object_everywhere" {
  name = "read-everything"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "*"
    }]
  })
}

resource "aws_iam_role_policy" "fail_parameter_wildcard" {
  name = "params"
  role = "training"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ssm:GetParameter*"]
      Resource = ["*"]
    }]
  })
}

data "aws_iam_policy_document" "secrets" {
  statement {
    actions   = ["secretsmanager:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "fail_document_secrets" {
  name   = "secrets"
  policy = data.aws_iam_policy_document.secrets.json
}

resource "aws_iam_role" "fail_inline_get_star" {
  name = "notebook"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
    }]
  })
  inline_policy {
    name = "data"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["s3:Get*"]
        Resource = "*"
      }]
    })
  }
}

resource "aws_iam_policy" "unknown_resource" {
  name = "var"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = var.resource
    }]
  })
}

# IAM compares action names without case, and a wildcard may stand
# anywhere in one.
resource "aws_iam_policy" "fail_other_case_and_inner_wildcard" {
  name   = "case"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["S3:getobject", "secretsmanager:Get?ecret*"], Resource = "*" }] })
}

# A Condition scopes the statement: left alone, as cloudsplaining does.
resource "aws_iam_policy" "pass_conditioned" {
  name   = "vpc-only"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*", Condition = { StringEquals = { "aws:SourceVpce" = "vpce-1234" } } }] })
}

# An IAM Identity Center permission set's inline policy.
resource "aws_ssoadmin_permission_set_inline_policy" "fail_sso_inline" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-1111111111111111"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}

resource "aws_ssoadmin_permission_set_inline_policy" "pass_sso_inline_scoped" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*" }] })
}
