variable "subnets" {
  type = list(string)
}

resource "aws_sagemaker_training_job" "pass_in_vpc" {
  training_job_name = "pass-in-vpc"
  role_arn          = "arn:aws:iam::111122223333:role/training"
  algorithm_specification {
    training_image      = "111122223333.dkr.ecr.us-east-1.amazonaws.com/train:1"
    training_input_mode = "File"
  }
  stopping_condition {
    max_runtime_in_seconds = 3600
  }
  output_data_config {
    s3_output_path = "s3://models/output/"
  }
  resource_config {
    instance_type     = "ml.m5.xlarge"
    instance_count    = 1
    volume_size_in_gb = 30
  }
  vpc_config {
    subnets            = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

resource "aws_sagemaker_training_job" "fail_no_vpc" {
  training_job_name = "fail-no-vpc"
  role_arn          = "arn:aws:iam::111122223333:role/training"
  algorithm_specification {
    training_image      = "111122223333.dkr.ecr.us-east-1.amazonaws.com/train:1"
    training_input_mode = "File"
  }
  stopping_condition {
    max_runtime_in_seconds = 3600
  }
  output_data_config {
    s3_output_path = "s3://models/output/"
  }
  resource_config {
    instance_type     = "ml.m5.xlarge"
    instance_count    = 1
    volume_size_in_gb = 30
  }
}

resource "aws_sagemaker_training_job" "pass_subnets_from_variable" {
  training_job_name = "pass-subnets-from-variable"
  role_arn          = "arn:aws:iam::111122223333:role/training"
  algorithm_specification {
    training_image      = "111122223333.dkr.ecr.us-east-1.amazonaws.com/train:1"
    training_input_mode = "File"
  }
  stopping_condition {
    max_runtime_in_seconds = 3600
  }
  output_data_config {
    s3_output_path = "s3://models/output/"
  }
  resource_config {
    instance_type     = "ml.m5.xlarge"
    instance_count    = 1
    volume_size_in_gb = 30
  }
  vpc_config {
    subnets            = var.subnets
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

