variable "debug" {
  type = bool
}

resource "aws_sagemaker_training_job" "pass_no_remote_debug" {
  training_job_name = "pass-no-remote-debug"
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
    instance_type     = "ml.p4d.24xlarge"
    instance_count    = 1
    volume_size_in_gb = 100
  }
}

resource "aws_sagemaker_training_job" "pass_remote_debug_off" {
  training_job_name = "pass-remote-debug-off"
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
    instance_type     = "ml.p4d.24xlarge"
    instance_count    = 1
    volume_size_in_gb = 100
  }
  remote_debug_config {
    enable_remote_debug = false
  }
}

resource "aws_sagemaker_training_job" "fail_remote_debug_on" {
  training_job_name = "fail-remote-debug-on"
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
    instance_type     = "ml.p4d.24xlarge"
    instance_count    = 1
    volume_size_in_gb = 100
  }
  remote_debug_config {
    enable_remote_debug = true
  }
}

resource "aws_sagemaker_training_job" "unknown_remote_debug" {
  training_job_name = "unknown-remote-debug"
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
    instance_type     = "ml.p4d.24xlarge"
    instance_count    = 1
    volume_size_in_gb = 100
  }
  remote_debug_config {
    enable_remote_debug = var.debug
  }
}

