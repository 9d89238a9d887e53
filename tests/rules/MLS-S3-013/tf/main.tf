resource "aws_s3_bucket" "pass_mfa_delete" {
  bucket = "pass-mfa-delete"
}

resource "aws_s3_bucket_versioning" "enabled" {
  bucket = aws_s3_bucket.pass_mfa_delete.id
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}

resource "aws_s3_bucket" "fail_versioning_without_mfa_delete" {
  bucket = "fail-versioning-without-mfa-delete"
}

resource "aws_s3_bucket_versioning" "no_mfa" {
  bucket = aws_s3_bucket.fail_versioning_without_mfa_delete.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "fail_no_versioning" {
  bucket = "fail-no-versioning"
}

