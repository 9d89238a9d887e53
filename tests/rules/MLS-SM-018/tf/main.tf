variable "mode" {
  type = string
}

resource "aws_sagemaker_domain" "pass_vpc_only" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  app_network_access_type = "VpcOnly"
}

resource "aws_sagemaker_domain" "fail_default_public" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
}

resource "aws_sagemaker_domain" "fail_public" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  app_network_access_type = "PublicInternetOnly"
}

resource "aws_sagemaker_domain" "unknown_mode" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  app_network_access_type = var.mode
}
