variable "policy" {
  type = string
}

resource "aws_s3_bucket" "pass_data" {
  bucket = "training-data"
}

resource "aws_s3_bucket_policy" "pass_named_actions" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/training" }, Action = ["s3:GetObject"], Resource = "arn:aws:s3:::training-data/*" }]
  })
}

resource "aws_s3_bucket_policy" "pass_deny_star" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Principal = "*", Action = "*", Resource = "arn:aws:s3:::training-data/*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }]
  })
}

resource "aws_s3_bucket_policy" "fail_allow_star" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "*", Resource = "arn:aws:s3:::training-data/*" }]
  })
}

resource "aws_s3_bucket_policy" "unknown_policy" {
  bucket = aws_s3_bucket.pass_data.id
  policy = var.policy
}

resource "aws_s3_bucket_policy" "fail_allow_service_star" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = ["s3:GetObject", "s3:*"], Resource = "arn:aws:s3:::training-data/*" }]
  })
}

resource "aws_s3_bucket_policy" "pass_prefix_wildcard" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = ["s3:Get*"], Resource = "arn:aws:s3:::training-data/*" }]
  })
}

resource "aws_s3_bucket" "fail_inline_policy" {
  bucket = "ml-legacy"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/etl" }, Action = "s3:*", Resource = ["arn:aws:s3:::ml-legacy", "arn:aws:s3:::ml-legacy/*"] }] })
}

resource "aws_s3_bucket" "pass_inline_named_actions" {
  bucket = "ml-legacy-2"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/etl" }, Action = ["s3:GetObject"], Resource = "arn:aws:s3:::ml-legacy-2/*" }] })
}
