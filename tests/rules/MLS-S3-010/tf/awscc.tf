# The Cloud Control provider (awscc): the TLS-only statement lives in an
# awscc_s3_bucket_policy (policy_document) or an aws_s3_bucket_policy
# whose bucket references the awscc bucket.
variable "awscc_action" {
  type = string
}

resource "awscc_s3_bucket" "pass_awscc_tls_policy" {
  bucket_name = "pass-awscc-tls-policy"
}

resource "awscc_s3_bucket_policy" "awscc_tls" {
  bucket = awscc_s3_bucket.pass_awscc_tls_policy.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [awscc_s3_bucket.pass_awscc_tls_policy.arn, "${awscc_s3_bucket.pass_awscc_tls_policy.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "awscc_s3_bucket" "pass_awscc_tls_aws_policy" {
  bucket_name = "pass-awscc-tls-aws-policy"
}

resource "aws_s3_bucket_policy" "awscc_tls_through_aws" {
  bucket = awscc_s3_bucket.pass_awscc_tls_aws_policy.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = { AWS = "*" }
      Action    = "*"
      Resource  = "${awscc_s3_bucket.pass_awscc_tls_aws_policy.arn}/*"
      Condition = { Bool = { "aws:SecureTransport" = false } }
    }]
  })
}

# No bucket policy at all.
resource "awscc_s3_bucket" "fail_awscc_no_policy" {
  bucket_name = "fail-awscc-no-policy"
}

resource "awscc_s3_bucket" "fail_awscc_get_only" {
  bucket_name = "fail-awscc-get-only"
}

resource "awscc_s3_bucket_policy" "awscc_get_only" {
  bucket = awscc_s3_bucket.fail_awscc_get_only.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${awscc_s3_bucket.fail_awscc_get_only.arn}/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "awscc_s3_bucket" "unknown_awscc_action" {
  bucket_name = "unknown-awscc-action"
}

resource "awscc_s3_bucket_policy" "awscc_unknown_action" {
  bucket = awscc_s3_bucket.unknown_awscc_action.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = var.awscc_action
      Resource  = "${awscc_s3_bucket.unknown_awscc_action.arn}/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
