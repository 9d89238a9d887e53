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
