# The Cloud Control provider (awscc) sets access logging inline.
variable "awscc_acl" {
  type = string
}

# The access-log destination itself.
resource "awscc_s3_bucket" "pass_awscc_access_logs" {
  bucket_name    = "awscc-access-logs"
  access_control = "LogDeliveryWrite"
}

resource "awscc_s3_bucket" "pass_awscc_logging" {
  logging_configuration = {
    destination_bucket_name = awscc_s3_bucket.pass_awscc_access_logs.id
    log_file_prefix         = "data/"
  }
}

resource "awscc_s3_bucket" "fail_awscc_no_logging" {
  bucket_name = "fail-awscc-no-logging"
}

resource "awscc_s3_bucket" "unknown_awscc_acl" {
  access_control = var.awscc_acl
}
