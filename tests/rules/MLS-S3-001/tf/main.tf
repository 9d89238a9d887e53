variable "sse_algorithm" {
  type = string
}

resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

# Seed scenario, fixed: encryption in a separate resource (provider v4+).
resource "aws_s3_bucket" "pass_training_data_split_sse" {
  bucket = "training-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "training" {
  bucket = aws_s3_bucket.pass_training_data_split_sse.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_s3_bucket" "pass_inline_sse_kms" {
  bucket = "inline-kms"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }
}

resource "aws_s3_bucket" "fail_no_encryption_config" {
  bucket = "defaults-only"
}

resource "aws_s3_bucket" "fail_sse_s3" {
  bucket = "sse-s3"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sse_s3" {
  bucket = aws_s3_bucket.fail_sse_s3.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket" "unknown_algorithm" {
  bucket = "unknown-algorithm"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "var_algorithm" {
  bucket = aws_s3_bucket.unknown_algorithm.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.sse_algorithm
    }
  }
}
