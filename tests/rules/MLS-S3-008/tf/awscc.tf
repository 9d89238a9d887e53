# The Cloud Control provider (awscc): the policy is policy_document.
variable "awscc_principal" {
  type = string
}

resource "awscc_s3_bucket" "awscc_data" {
  bucket_name = "awscc-data"
}

resource "awscc_s3_bucket_policy" "pass_awscc_role_principal" {
  bucket = awscc_s3_bucket.awscc_data.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/training" }
      Action    = "s3:GetObject"
      Resource  = "${awscc_s3_bucket.awscc_data.arn}/*"
    }]
  })
}

resource "awscc_s3_bucket_policy" "pass_awscc_deny_star" {
  bucket = awscc_s3_bucket.awscc_data.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "${awscc_s3_bucket.awscc_data.arn}/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "awscc_s3_bucket_policy" "pass_awscc_org_condition" {
  bucket = awscc_s3_bucket.awscc_data.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${awscc_s3_bucket.awscc_data.arn}/*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } }
    }]
  })
}

# No Condition on a public statement.
resource "awscc_s3_bucket_policy" "fail_awscc_star_principal" {
  bucket = awscc_s3_bucket.awscc_data.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${awscc_s3_bucket.awscc_data.arn}/*"
    }]
  })
}

resource "awscc_s3_bucket_policy" "fail_awscc_aws_star_heredoc" {
  bucket          = awscc_s3_bucket.awscc_data.id
  policy_document = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": ["*"]},
        "Action": "s3:ListBucket",
        "Resource": "arn:aws:s3:::awscc-data"
      }]
    }
  JSON
}

resource "awscc_s3_bucket_policy" "unknown_awscc_principal" {
  bucket = awscc_s3_bucket.awscc_data.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = var.awscc_principal
      Action    = "s3:GetObject"
      Resource  = "${awscc_s3_bucket.awscc_data.arn}/*"
    }]
  })
}
