resource "aws_s3_bucket" "pass_with_block" {
  bucket = "pass-with-block"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket = aws_s3_bucket.pass_with_block.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "fail_without_block" {
  bucket = "fail-without-block"
}

resource "aws_s3_bucket_public_access_block" "disabled" {
  count  = 0
  bucket = aws_s3_bucket.fail_block_not_deployed.id
}

resource "aws_s3_bucket" "fail_block_not_deployed" {
  bucket = "fail-block-not-deployed"
}
