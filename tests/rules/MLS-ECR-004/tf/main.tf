variable "principal" {
  type = string
}

resource "aws_ecr_repository" "models" {
  name = "models"
}

resource "aws_ecr_repository_policy" "pass_account_principal" {
  repository = aws_ecr_repository.models.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PullFromTraining"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/sagemaker-training" }
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    }]
  })
}

resource "aws_ecr_repository_policy" "pass_org_condition" {
  repository = aws_ecr_repository.models.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage"]
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } }
    }]
  })
}

resource "aws_ecr_repository_policy" "fail_star_principal" {
  repository = aws_ecr_repository.models.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:root" }
        Action    = "ecr:*"
      },
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      },
    ]
  })
}

resource "aws_ecr_repository_policy" "fail_aws_star_list" {
  repository = aws_ecr_repository.models.name
  policy     = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": ["*"]},
    "Action": "ecr:*"
  }]
}
POLICY
}

resource "aws_ecr_repository_policy" "unknown_principal" {
  repository = aws_ecr_repository.models.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.principal }
      Action    = "ecr:BatchGetImage"
    }]
  })
}

resource "aws_ecr_repository_policy" "fail_username_condition" {
  repository = "models"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage"]
      Condition = { "ForAllValues:StringEquals" = { "aws:username" = "pull-user-1" } }
    }]
  })
}

resource "aws_ecr_repository_policy" "pass_org_condition_aws_star" {
  repository = "models"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["ecr:BatchGetImage"]
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } }
    }]
  })
}

# Trivy AVD-AWS-0032's passing case: the account id is known only after
# apply, but "arn:aws:iam::<anything>:root" can never be "*" (the
# template's result keeps its known prefix, docs/tf-eval.md).
data "aws_caller_identity" "current" {}

resource "aws_ecr_repository_policy" "pass_heredoc_interpolated_account" {
  repository = "models"
  policy     = <<POLICY
{
  "Version": "2008-10-17",
  "Statement": [
    {
      "Sid": "PullFromThisAccount",
      "Effect": "Allow",
      "Principal": "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root",
      "Action": ["ecr:GetDownloadUrlForLayer"]
    }
  ]
}
POLICY
}

resource "aws_ecr_repository_policy" "pass_jsonencode_interpolated_account" {
  repository = "models"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/training"] }
      Action    = ["ecr:BatchGetImage"]
    }]
  })
}

# A known prefix that "*" starts with decides nothing.
resource "aws_ecr_repository_policy" "unknown_principal_star_prefix" {
  repository = "models"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*${var.principal}" }
      Action    = ["ecr:BatchGetImage"]
    }]
  })
}

# A source-IP condition scopes it only when narrower than the internet.
resource "aws_ecr_repository_policy" "pass_source_ip_office" {
  repository = "models"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = ["ecr:BatchGetImage"], Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } }]
  })
}

resource "aws_ecr_repository_policy" "fail_source_ip_everywhere" {
  repository = "models"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = ["ecr:BatchGetImage"], Condition = { IpAddress = { "aws:SourceIp" = ["10.0.0.0/8", "0.0.0.0/0"] } } }]
  })
}
