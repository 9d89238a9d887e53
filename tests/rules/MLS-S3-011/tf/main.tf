variable "status" {
  type = string
}

resource "aws_s3_bucket" "pass_split_versioning" {
  bucket = "pass-split-versioning"
}

resource "aws_s3_bucket_versioning" "enabled" {
  bucket = aws_s3_bucket.pass_split_versioning.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "pass_inline_versioning" {
  bucket = "pass-inline-versioning"
  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket" "fail_no_versioning" {
  bucket = "fail-no-versioning"
}

resource "aws_s3_bucket" "fail_suspended" {
  bucket = "fail-suspended"
}

resource "aws_s3_bucket_versioning" "suspended" {
  bucket = aws_s3_bucket.fail_suspended.id
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket" "unknown_status" {
  bucket = "unknown-status"
}

resource "aws_s3_bucket_versioning" "var_status" {
  bucket = aws_s3_bucket.unknown_status.id
  versioning_configuration {
    status = var.status
  }
}

