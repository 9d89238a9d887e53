# The Cloud Control provider (awscc): the policy is policy_document.
variable "awscc_action" {
  type = string
}

resource "awscc_s3_bucket" "awscc_data" {
  bucket_name = "awscc-data"
}

resource "awscc_s3_bucket_policy" "pass_awscc_read_only" {
  bucket = awscc_s3_bucket.awscc_data.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/training" }
      Action    = ["s3:GetObject", "s3:ListBucket"]
      Resource  = [awscc_s3_bucket.awscc_data.arn, "${awscc_s3_bucket.awscc_data.arn}/*"]
    }]
  })
}

resource "awscc_s3_bucket_policy" "pass_awscc_deny_all" {
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

# Effect left out: Allow.
resource "awscc_s3_bucket_policy" "fail_awscc_s3_star" {
  bucket = awscc_s3_bucket.awscc_data.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Principal = { AWS = "arn:aws:iam::123456789012:role/training" }
      Action    = "s3:*"
      Resource  = "${awscc_s3_bucket.awscc_data.arn}/*"
    }]
  })
}

resource "awscc_s3_bucket_policy" "fail_awscc_star" {
  bucket = awscc_s3_bucket.awscc_data.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/training" }
      Action    = ["s3:GetObject", "*"]
      Resource  = "${awscc_s3_bucket.awscc_data.arn}/*"
    }]
  })
}

resource "awscc_s3_bucket_policy" "unknown_awscc_action" {
  bucket = awscc_s3_bucket.awscc_data.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/training" }
      Action    = var.awscc_action
      Resource  = "${awscc_s3_bucket.awscc_data.arn}/*"
    }]
  })
}
