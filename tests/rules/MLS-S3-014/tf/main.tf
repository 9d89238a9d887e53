variable "lock" {
  type = bool
}

resource "aws_s3_bucket" "pass_object_lock" {
  bucket = "pass-object-lock"
  object_lock_enabled = true
}

resource "aws_s3_bucket" "pass_legacy_object_lock" {
  bucket = "pass-legacy-object-lock"
  object_lock_configuration {
    object_lock_enabled = "Enabled"
  }
}

resource "aws_s3_bucket" "fail_default" {
  bucket = "fail-default"
}

resource "aws_s3_bucket" "fail_disabled" {
  bucket = "fail-disabled"
  object_lock_enabled = false
}

resource "aws_s3_bucket" "unknown_lock" {
  bucket = "unknown-lock"
  object_lock_enabled = var.lock
}


# Object Lock enabled on the bucket by a configuration resource (the
# provider's "new or existing buckets" example).
resource "aws_s3_bucket" "pass_lock_configuration" {
  bucket = "models-locked-later"
}

resource "aws_s3_bucket_versioning" "locked_later" {
  bucket = aws_s3_bucket.pass_lock_configuration.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "locked_later" {
  bucket = aws_s3_bucket.pass_lock_configuration.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 5
    }
  }
}
