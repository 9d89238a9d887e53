# The Cloud Control provider (awscc): kms_key_id carries the same name.
resource "awscc_kms_key" "cc_ml" {
  enable_key_rotation = true
}

resource "awscc_sagemaker_domain" "pass_cc_awscc_key" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  kms_key_id = awscc_kms_key.cc_ml.arn
}

resource "awscc_sagemaker_domain" "pass_cc_literal_key" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "awscc_sagemaker_domain" "fail_cc_no_key" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
}

resource "awscc_sagemaker_domain" "fail_cc_aws_managed_alias" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  kms_key_id = "alias/aws/sagemaker"
}

resource "awscc_sagemaker_domain" "unknown_cc_key_variable" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  kms_key_id = var.kms_key_arn
}
