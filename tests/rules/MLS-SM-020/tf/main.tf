resource "aws_sagemaker_domain" "pass_default" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
}

resource "aws_sagemaker_domain" "pass_disabled" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  domain_settings {
    docker_settings {
      enable_docker_access = "DISABLED"
    }
  }
}

resource "aws_sagemaker_domain" "fail_enabled" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
  domain_settings {
    docker_settings {
      enable_docker_access = "ENABLED"
    }
  }
}
