variable "acl" {
  type = string
}

# Seed scenario: a public training-data bucket (provider v3 style).
resource "aws_s3_bucket" "fail_public_training_data" {
  bucket = "training-data-public"
  acl    = "public-read"
}

resource "aws_s3_bucket" "pass_private_default" {
  bucket = "private-default"
}

resource "aws_s3_bucket" "fail_split_acl_public" {
  bucket = "split-acl"
}

resource "aws_s3_bucket_acl" "split" {
  bucket = aws_s3_bucket.fail_split_acl_public.id
  acl    = "public-read-write"
}

resource "aws_s3_bucket" "fail_grant_all_users" {
  bucket = "grant-all-users"
}

resource "aws_s3_bucket_acl" "grant" {
  bucket = aws_s3_bucket.fail_grant_all_users.id

  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ"
    }

    owner {
      id = "0123456789abcdef"
    }
  }
}

resource "aws_s3_bucket" "pass_split_acl_private" {
  bucket = "split-private"
}

resource "aws_s3_bucket_acl" "private" {
  bucket = aws_s3_bucket.pass_split_acl_private.id
  acl    = "private"
}

resource "aws_s3_bucket" "unknown_acl" {
  bucket = "unknown-acl"
  acl    = var.acl
}

resource "aws_s3_bucket" "fail_website_acl" {
  bucket = "legacy-site"
  acl    = "website"
}

# A split ACL naming its bucket by the bucket's own string (no reference)
# is that bucket's ACL all the same.
resource "aws_s3_bucket" "fail_acl_by_name" {
  bucket = "model-artifacts-prod"
}

resource "aws_s3_bucket_acl" "by_name" {
  bucket = "model-artifacts-prod"
  acl    = "public-read"
}

locals {
  shared_name = "eval-results"
}

resource "aws_s3_bucket" "fail_acl_by_local_name" {
  bucket = local.shared_name
}

resource "aws_s3_bucket_acl" "by_local_name" {
  bucket = local.shared_name
  acl    = "public-read-write"
}

# An ACL on a bucket this module does not declare is judged on its own.

resource "aws_s3_bucket_acl" "fail_existing_bucket_authenticated_read" {
  bucket = "existing-training-data"
  acl    = "authenticated-read"
}

resource "aws_s3_bucket_acl" "pass_existing_bucket_private" {
  bucket = "existing-training-data"
  acl    = "private"
}
