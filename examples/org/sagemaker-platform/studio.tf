resource "aws_sagemaker_domain" "studio" {
  domain_name             = "${local.name_prefix}-studio"
  auth_mode               = "IAM"
  vpc_id                  = var.vpc_id
  subnet_ids              = var.private_subnet_ids
  app_network_access_type = "VpcOnly"
  kms_key_id              = aws_kms_key.ml.arn

  default_user_settings {
    execution_role  = aws_iam_role.notebook_scoped.arn
    security_groups = [aws_security_group.notebooks.id]

    sharing_settings {
      notebook_output_option = "Disabled"
    }
  }

  retention_policy {
    home_efs_file_system = "Retain"
  }
}

# Quarterly hackathon. Participants need the HF Hub and PyPI and the
# hackathon subnets have no VPC endpoints, so this one goes out directly.
resource "aws_sagemaker_domain" "hackathon" {
  count = var.enable_hackathon_domain ? 1 : 0

  domain_name             = "${local.name_prefix}-hackathon"
  auth_mode               = "IAM"
  vpc_id                  = var.vpc_id
  subnet_ids              = var.private_subnet_ids
  app_network_access_type = "PublicInternetOnly"

  default_user_settings {
    execution_role = aws_iam_role.sagemaker_execution.arn

    sharing_settings {
      notebook_output_option = "Allowed"
      s3_output_path         = "s3://${aws_s3_bucket.data["shared-datasets"].bucket}/hackathon-shares/"
    }
  }

  retention_policy {
    home_efs_file_system = "Delete"
  }
}
