variable "isolate" {
  type = bool
}

resource "aws_sagemaker_training_job" "pass_isolated" {
  training_job_name = "pass-isolated"
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
  enable_network_isolation = true
}

resource "aws_sagemaker_training_job" "fail_default" {
  training_job_name = "fail-default"
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

resource "aws_sagemaker_training_job" "fail_disabled" {
  training_job_name = "fail-disabled"
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
  enable_network_isolation = false
}

resource "aws_sagemaker_training_job" "unknown_isolation" {
  training_job_name = "unknown-isolation"
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
  enable_network_isolation = var.isolate
}

