# The Cloud Control provider (awscc): the repository policy is the inline
# repository_policy_text of awscc_ecr_repository.
variable "awscc_principal" {
  type = string
}

# No repository policy.
resource "awscc_ecr_repository" "pass_awscc_no_policy" {
  repository_name = "pass-awscc-no-policy"
}

resource "awscc_ecr_repository" "pass_awscc_role" {
  repository_policy_text = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PullFromTraining"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/sagemaker-training" }
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    }]
  })
}

resource "awscc_ecr_repository" "pass_awscc_source_account" {
  repository_policy_text = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }]
  })
}

resource "awscc_ecr_repository" "fail_awscc_star_principal" {
  repository_policy_text = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    }]
  })
}

resource "awscc_ecr_repository" "fail_awscc_aws_star_heredoc" {
  repository_policy_text = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "ecr:*",
        "Condition": {"StringEquals": {"aws:username": "ci"}}
      }]
    }
  JSON
}

resource "awscc_ecr_repository" "unknown_awscc_principal" {
  repository_policy_text = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.awscc_principal }
      Action    = ["ecr:BatchGetImage"]
    }]
  })
}
