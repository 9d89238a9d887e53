variable "flag" {
  type = bool
}

resource "aws_s3_bucket" "pass_blocked" {
  bucket = "pass-blocked"
}

resource "aws_s3_bucket_public_access_block" "pass_blocked_access_block" {
  bucket = aws_s3_bucket.pass_blocked.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "fail_no_access_block" {
  bucket = "fail-no-access-block"
}

resource "aws_s3_bucket" "fail_flag_absent" {
  bucket = "fail-flag-absent"
}

resource "aws_s3_bucket_public_access_block" "fail_flag_absent_access_block" {
  bucket = aws_s3_bucket.fail_flag_absent.id
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "fail_flag_false" {
  bucket = "fail-flag-false"
}

resource "aws_s3_bucket_public_access_block" "fail_flag_false_access_block" {
  bucket = aws_s3_bucket.fail_flag_false.id
  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "unknown_flag" {
  bucket = "unknown-flag"
}

resource "aws_s3_bucket_public_access_block" "unknown_flag_access_block" {
  bucket = aws_s3_bucket.unknown_flag.id
  block_public_acls       = var.flag
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
