resource "aws_ecr_repository" "serving" {
  for_each = toset(["fraud-xgb", "support-chat"])

  name                 = "acme-ml/${each.key}"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ml.arn
  }
}

# Scratch images built from notebook experiments; dev account only.
#trivy:ignore:AVD-AWS-0030:exp:2025-03-31
resource "aws_ecr_repository" "experiments" {
  #checkov:skip=CKV_AWS_51:CI retags :latest on every push to main
  count = local.is_prod ? 0 : 1

  name                 = "acme-ml/experiments"
  image_tag_mutability = "MUTABLE"
  force_delete         = true

  image_scanning_configuration {
    scan_on_push = false
  }
}
