# The Cloud Control provider (awscc): nested settings are objects with the
# same names.
resource "awscc_kms_key" "cc_ml" {
  enable_key_rotation = true
}

resource "awscc_sagemaker_domain" "pass_cc_no_sharing_settings" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
}

resource "awscc_sagemaker_domain" "pass_cc_sharing_default_disabled" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
    sharing_settings = {
      s3_output_path = "s3://studio-share/out"
    }
  }
}

resource "awscc_sagemaker_domain" "pass_cc_shared_with_awscc_key" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
    sharing_settings = {
      notebook_output_option = "Allowed"
      s3_output_path         = "s3://studio-share/out"
      s3_kms_key_id          = awscc_kms_key.cc_ml.arn
    }
  }
}

resource "awscc_sagemaker_domain" "fail_cc_shared_without_key" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
    sharing_settings = {
      notebook_output_option = "Allowed"
      s3_output_path         = "s3://studio-share/out"
    }
  }
}

resource "awscc_sagemaker_domain" "unknown_cc_key_variable" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
    sharing_settings = {
      notebook_output_option = "Allowed"
      s3_output_path         = "s3://studio-share/out"
      s3_kms_key_id          = var.kms_key_arn
    }
  }
}
