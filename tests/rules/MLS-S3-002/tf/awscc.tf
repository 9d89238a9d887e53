# The Cloud Control provider (awscc) sets the access block inline.
resource "awscc_s3_bucket" "pass_awscc_block" {
  public_access_block_configuration = {
    block_public_acls       = true
    block_public_policy     = true
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}

resource "awscc_s3_bucket" "fail_awscc_no_block" {
  bucket_name = "fail-awscc-no-block"
}
