resource "aws_kms_key" "ecr" {
  description = "ecr"
}

resource "aws_ecr_repository" "pass_cmk" {
  name = "training-images"
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_repository" "fail_default_aes256" {
  name = "inference-images"
}

resource "aws_ecr_repository" "fail_aws_managed_key" {
  name = "notebook-images"
  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_ecr_repository" "fail_empty_key" {
  name = "fail-empty-key"
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = ""
  }
}
