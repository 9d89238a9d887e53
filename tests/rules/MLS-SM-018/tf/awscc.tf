# The Cloud Control provider (awscc): same name, same default
# (PublicInternetOnly).
resource "awscc_sagemaker_domain" "pass_cc_vpc_only" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  app_network_access_type = "VpcOnly"
}

resource "awscc_sagemaker_domain" "fail_cc_default_public" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
}

resource "awscc_sagemaker_domain" "fail_cc_public" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  app_network_access_type = "PublicInternetOnly"
}

resource "awscc_sagemaker_domain" "unknown_cc_mode" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  app_network_access_type = var.mode
}
