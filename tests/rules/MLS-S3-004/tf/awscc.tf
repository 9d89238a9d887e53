# The Cloud Control provider (awscc) sets the access block inline, as an
# object; block_public_policy defaults to false when left out.
variable "awscc_flag" {
  type = bool
}

resource "awscc_s3_bucket" "pass_awscc_blocked" {
  public_access_block_configuration = {
    block_public_acls       = true
    block_public_policy     = true
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}

# No public_access_block_configuration at all.
resource "awscc_s3_bucket" "fail_awscc_no_config" {
  bucket_name = "fail-awscc-no-config"
}

resource "awscc_s3_bucket" "fail_awscc_flag_absent" {
  public_access_block_configuration = {
    block_public_acls       = true
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}

resource "awscc_s3_bucket" "fail_awscc_flag_false" {
  public_access_block_configuration = {
    block_public_acls       = true
    block_public_policy     = false
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}

resource "awscc_s3_bucket" "unknown_awscc_flag" {
  public_access_block_configuration = {
    block_public_acls       = true
    block_public_policy     = var.awscc_flag
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}
