# The Cloud Control provider (awscc): object_lock_enabled, as
# CloudFormation's ObjectLockEnabled.
variable "awscc_lock" {
  type = bool
}

resource "awscc_s3_bucket" "pass_awscc_lock" {
  object_lock_enabled = true
  object_lock_configuration = {
    object_lock_enabled = "Enabled"
    rule = {
      default_retention = {
        mode = "GOVERNANCE"
        days = 30
      }
    }
  }
}

resource "awscc_s3_bucket" "fail_awscc_no_lock" {
  bucket_name = "fail-awscc-no-lock"
}

resource "awscc_s3_bucket" "fail_awscc_lock_false" {
  object_lock_enabled = false
}

resource "awscc_s3_bucket" "unknown_awscc_lock" {
  object_lock_enabled = var.awscc_lock
}

resource "awscc_s3_bucket" "pass_awscc_configuration_only" {
  object_lock_configuration = {
    object_lock_enabled = "Enabled"
  }
}
