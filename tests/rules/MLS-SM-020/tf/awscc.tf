# The Cloud Control provider (awscc): nested settings are objects with the
# same names.
resource "awscc_sagemaker_domain" "pass_cc_default" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
}

resource "awscc_sagemaker_domain" "pass_cc_disabled" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  domain_settings = {
    docker_settings = { enable_docker_access = "DISABLED" }
  }
}

resource "awscc_sagemaker_domain" "fail_cc_enabled" {
  domain_name = "cc-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0a", "subnet-0b"]
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  domain_settings = {
    docker_settings = { enable_docker_access = "ENABLED" }
  }
}
