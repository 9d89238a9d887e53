variable "policy" {
  type = string
}

resource "aws_s3_bucket" "pass_tls_only" {
  bucket = "tls-only"
}

resource "aws_s3_bucket_policy" "tls" {
  bucket = aws_s3_bucket.pass_tls_only.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.pass_tls_only.arn, "${aws_s3_bucket.pass_tls_only.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

data "aws_iam_policy_document" "tls" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::tls-document/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket" "pass_policy_document" {
  bucket = "tls-document"
}

resource "aws_s3_bucket_policy" "document" {
  bucket = aws_s3_bucket.pass_policy_document.id
  policy = data.aws_iam_policy_document.tls.json
}

resource "aws_s3_bucket" "fail_no_policy" {
  bucket = "no-policy"
}

resource "aws_s3_bucket" "fail_policy_without_tls" {
  bucket = "policy-no-tls"
}

resource "aws_s3_bucket_policy" "no_tls" {
  bucket = aws_s3_bucket.fail_policy_without_tls.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/training" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::policy-no-tls/*" }]
  })
}

resource "aws_s3_bucket" "unknown_policy" {
  bucket = "unknown-policy"
}

resource "aws_s3_bucket_policy" "var_policy" {
  bucket = aws_s3_bucket.unknown_policy.id
  policy = var.policy
}

# Denies only downloads over HTTP: uploads, deletes and listings are still
# accepted without TLS.
resource "aws_s3_bucket" "fail_tls_deny_get_only" {
  bucket = "tls-get-only"
}

resource "aws_s3_bucket_policy" "get_only" {
  bucket = aws_s3_bucket.fail_tls_deny_get_only.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Deny", Principal = "*", Action = "s3:GetObject"
      Resource  = "arn:aws:s3:::tls-get-only/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# Denies one role only: everyone else may still use plain HTTP.
resource "aws_s3_bucket" "fail_tls_deny_one_principal" {
  bucket = "tls-one-principal"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Deny", Principal = { AWS = "arn:aws:iam::111122223333:role/etl" }, Action = "s3:*"
      Resource  = ["arn:aws:s3:::tls-one-principal", "arn:aws:s3:::tls-one-principal/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# A policy on a bucket this module does not declare is judged on its own.

resource "aws_s3_bucket_policy" "fail_existing_bucket_without_tls" {
  bucket = "existing-training-data"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/trainer" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::existing/*" }] })
}

resource "aws_s3_bucket_policy" "pass_existing_bucket_tls" {
  bucket = "existing-training-data"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = ["arn:aws:s3:::existing", "arn:aws:s3:::existing/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } }] })
}
