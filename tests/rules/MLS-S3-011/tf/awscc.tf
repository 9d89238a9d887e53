# The Cloud Control provider (awscc) sets versioning inline.
variable "awscc_status" {
  type = string
}

resource "awscc_s3_bucket" "pass_awscc_enabled" {
  versioning_configuration = {
    status = "Enabled"
  }
}

resource "awscc_s3_bucket" "fail_awscc_no_versioning" {
  bucket_name = "fail-awscc-no-versioning"
}

resource "awscc_s3_bucket" "fail_awscc_suspended" {
  versioning_configuration = {
    status = "Suspended"
  }
}

resource "awscc_s3_bucket" "unknown_awscc_status" {
  versioning_configuration = {
    status = var.awscc_status
  }
}
