variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_sagemaker_domain" "pass_no_sharing_settings" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
}

resource "aws_sagemaker_domain" "pass_sharing_disabled" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"

    sharing_settings {
      notebook_output_option = "Disabled"
      s3_output_path         = "s3://studio-shared/notebooks"
    }
  }
}

resource "aws_sagemaker_domain" "pass_shared_with_key" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"

    sharing_settings {
      notebook_output_option = "Allowed"
      s3_output_path         = "s3://studio-shared/notebooks"
      s3_kms_key_id          = aws_kms_key.ml.arn
    }
  }
}

resource "aws_sagemaker_domain" "fail_shared_without_key" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"

    sharing_settings {
      notebook_output_option = "Allowed"
      s3_output_path         = "s3://studio-shared/notebooks"
    }
  }
}

resource "aws_sagemaker_domain" "unknown_key_variable" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"

    sharing_settings {
      notebook_output_option = "Allowed"
      s3_output_path         = "s3://studio-shared/notebooks"
      s3_kms_key_id          = var.kms_key_arn
    }
  }
}
