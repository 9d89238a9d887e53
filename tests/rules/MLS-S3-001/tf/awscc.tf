# The Cloud Control provider (awscc) sets default encryption inline:
# bucket_encryption.server_side_encryption_configuration is a list of
# objects, server_side_encryption_by_default an object.
variable "awscc_sse_algorithm" {
  type = string
}

resource "awscc_kms_key" "awscc_data" {
  enable_key_rotation = true
}

resource "awscc_s3_bucket" "pass_awscc_kms" {
  bucket_encryption = {
    server_side_encryption_configuration = [{
      bucket_key_enabled = true
      server_side_encryption_by_default = {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = awscc_kms_key.awscc_data.arn
      }
    }]
  }
}

resource "awscc_s3_bucket" "pass_awscc_dsse" {
  bucket_encryption = {
    server_side_encryption_configuration = [{
      server_side_encryption_by_default = {
        sse_algorithm = "aws:kms:dsse"
      }
    }]
  }
}

# No bucket_encryption: SSE-S3 only.
resource "awscc_s3_bucket" "fail_awscc_no_encryption" {
  bucket_name = "fail-awscc-no-encryption"
}

resource "awscc_s3_bucket" "fail_awscc_aes256" {
  bucket_encryption = {
    server_side_encryption_configuration = [{
      server_side_encryption_by_default = {
        sse_algorithm = "AES256"
      }
    }]
  }
}

resource "awscc_s3_bucket" "unknown_awscc_algorithm" {
  bucket_encryption = {
    server_side_encryption_configuration = [{
      server_side_encryption_by_default = {
        sse_algorithm = var.awscc_sse_algorithm
      }
    }]
  }
}
