resource "aws_s3_bucket" "fail_log_target_itself_unlogged" {
  bucket = "logs"
}

resource "aws_s3_bucket" "pass_split_logging" {
  bucket = "pass-split-logging"
}

resource "aws_s3_bucket_logging" "to_logs" {
  bucket = aws_s3_bucket.pass_split_logging.id
  target_bucket = aws_s3_bucket.fail_log_target_itself_unlogged.id
  target_prefix = "data/"
}

resource "aws_s3_bucket" "pass_inline_logging" {
  bucket = "pass-inline-logging"
  logging {
    target_bucket = "access-logs"
  }
}

resource "aws_s3_bucket" "fail_no_logging" {
  bucket = "fail-no-logging"
}


resource "aws_s3_bucket" "pass_log_delivery_acl_inline" {
  bucket = "access-logs-v3"
  acl    = "log-delivery-write"
}

resource "aws_s3_bucket" "pass_log_delivery_acl_split" {
  bucket = "access-logs-v4"
}

resource "aws_s3_bucket_acl" "log_delivery" {
  bucket = aws_s3_bucket.pass_log_delivery_acl_split.id
  acl    = "log-delivery-write"
}
