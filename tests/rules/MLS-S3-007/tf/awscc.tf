# The Cloud Control provider (awscc) takes CloudFormation's canned ACL
# names in access_control; left out, the bucket is Private.
variable "awscc_acl" {
  type = string
}

resource "awscc_s3_bucket" "pass_awscc_default_acl" {
  bucket_name = "pass-awscc-default-acl"
}

resource "awscc_s3_bucket" "pass_awscc_private" {
  access_control = "Private"
}

resource "awscc_s3_bucket" "fail_awscc_public_read" {
  access_control = "PublicRead"
}

resource "awscc_s3_bucket" "fail_awscc_authenticated_read" {
  access_control = "AuthenticatedRead"
}

resource "awscc_s3_bucket" "unknown_awscc_acl" {
  access_control = var.awscc_acl
}
