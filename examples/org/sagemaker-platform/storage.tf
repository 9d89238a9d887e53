locals {
  data_buckets = {
    training-data = {
      kms_key      = aws_kms_key.ml.arn
      block_public = true
      versioning   = "Enabled"
    }
    model-artifacts = {
      kms_key      = aws_kms_key.ml.arn
      block_public = true
      versioning   = "Enabled"
    }
    # Partners pull sample datasets from here through a bucket policy on
    # their account. The public access block broke the share when it was
    # first set up, so it is off here until the share moves to an access
    # point (PLAT-401).
    shared-datasets = {
      kms_key      = aws_kms_key.partner_share.arn
      block_public = false
      versioning   = "Suspended"
    }
  }
}

resource "aws_s3_bucket" "data" {
  for_each = local.data_buckets

  bucket = "${local.name_prefix}-${each.key}"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  for_each = aws_s3_bucket.data

  bucket = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = local.data_buckets[each.key].kms_key
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "data" {
  for_each = aws_s3_bucket.data

  bucket = each.value.id

  versioning_configuration {
    status = local.data_buckets[each.key].versioning
  }
}

resource "aws_s3_bucket_public_access_block" "data" {
  for_each = { for name, cfg in local.data_buckets : name => cfg if cfg.block_public }

  bucket                  = aws_s3_bucket.data[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_logging" "data" {
  for_each = aws_s3_bucket.data

  bucket        = each.value.id
  target_bucket = "acme-org-s3-access-logs"
  target_prefix = "${each.value.bucket}/"
}

resource "aws_s3_bucket_policy" "tls_only" {
  for_each = aws_s3_bucket.data

  bucket = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [each.value.arn, "${each.value.arn}/*"]
      Condition = {
        Bool = { "aws:SecureTransport" = "false" }
      }
    }]
  })
}
