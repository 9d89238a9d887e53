variable "instances" {
  type = number
}

resource "aws_sagemaker_training_job" "pass_distributed_encrypted" {
  training_job_name = "pass-distributed-encrypted"
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
    instance_count    = 4
    volume_size_in_gb = 100
  }
  enable_inter_container_traffic_encryption = true
}

resource "aws_sagemaker_training_job" "pass_single_instance" {
  training_job_name = "pass-single-instance"
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

resource "aws_sagemaker_training_job" "fail_distributed_default" {
  training_job_name = "fail-distributed-default"
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
    instance_count    = 4
    volume_size_in_gb = 100
  }
}

resource "aws_sagemaker_training_job" "fail_distributed_disabled" {
  training_job_name = "fail-distributed-disabled"
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
    instance_count    = 2
    volume_size_in_gb = 100
  }
  enable_inter_container_traffic_encryption = false
}

resource "aws_sagemaker_training_job" "unknown_instances" {
  training_job_name = "unknown-instances"
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
    instance_count    = var.instances
    volume_size_in_gb = 100
  }
}

