# The Cloud Control provider (awscc): encryption_configuration is an
# object with the same names; absent, AES256.
variable "awscc_encryption_type" {
  type = string
}

resource "awscc_kms_key" "awscc_ecr" {
  enable_key_rotation = true
}

resource "awscc_kms_alias" "awscc_ecr" {
  alias_name    = "alias/awscc-ecr"
  target_key_id = awscc_kms_key.awscc_ecr.key_id
}

resource "awscc_ecr_repository" "pass_awscc_cmk" {
  encryption_configuration = {
    encryption_type = "KMS"
    kms_key         = awscc_kms_key.awscc_ecr.arn
  }
}

resource "awscc_ecr_repository" "pass_awscc_alias" {
  encryption_configuration = {
    encryption_type = "KMS_DSSE"
    kms_key         = awscc_kms_alias.awscc_ecr.id
  }
}

resource "awscc_ecr_repository" "fail_awscc_no_encryption" {
  repository_name = "fail-awscc-no-encryption"
}

# KMS without a key: the AWS-managed aws/ecr key.
resource "awscc_ecr_repository" "fail_awscc_kms_no_key" {
  encryption_configuration = {
    encryption_type = "KMS"
  }
}

resource "awscc_ecr_repository" "unknown_awscc_type" {
  encryption_configuration = {
    encryption_type = var.awscc_encryption_type
    kms_key         = awscc_kms_key.awscc_ecr.arn
  }
}
