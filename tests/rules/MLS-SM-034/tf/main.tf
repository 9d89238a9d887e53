variable "key" {
  type = string
}

resource "aws_kms_key" "ml" {
  description = "training"
}

resource "aws_sagemaker_training_job" "pass_both_cmk" {
  training_job_name = "pass-both-cmk"
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
    kms_key_id     = aws_kms_key.ml.arn
  }
  resource_config {
    instance_type     = "ml.m5.xlarge"
    instance_count    = 1
    volume_size_in_gb = 30
    volume_kms_key_id = aws_kms_key.ml.arn
  }
}

resource "aws_sagemaker_training_job" "fail_no_keys" {
  training_job_name = "fail-no-keys"
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

resource "aws_sagemaker_training_job" "fail_volume_default" {
  training_job_name = "fail-volume-default"
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
    kms_key_id     = aws_kms_key.ml.arn
  }
  resource_config {
    instance_type     = "ml.m5.xlarge"
    instance_count    = 1
    volume_size_in_gb = 30
  }
}

resource "aws_sagemaker_training_job" "fail_aws_managed_output" {
  training_job_name = "fail-aws-managed-output"
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
    kms_key_id     = "alias/aws/s3"
  }
  resource_config {
    instance_type     = "ml.m5.xlarge"
    instance_count    = 1
    volume_size_in_gb = 30
    volume_kms_key_id = aws_kms_key.ml.arn
  }
}

resource "aws_sagemaker_training_job" "fail_empty_key" {
  training_job_name = "fail-empty-key"
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
    kms_key_id     = aws_kms_key.ml.arn
  }
  resource_config {
    instance_type     = "ml.m5.xlarge"
    instance_count    = 1
    volume_size_in_gb = 30
    volume_kms_key_id = ""
  }
}

resource "aws_sagemaker_training_job" "unknown_key" {
  training_job_name = "unknown-key"
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
    kms_key_id     = aws_kms_key.ml.arn
  }
  resource_config {
    instance_type     = "ml.m5.xlarge"
    instance_count    = 1
    volume_size_in_gb = 30
    volume_kms_key_id = var.key
  }
}


# Local NVMe storage: the API refuses a volume key, so the output key is
# all that is wanted (batch 18: GPU training on ml.p4d).
resource "aws_sagemaker_training_job" "pass_nvme_output_key" {
  training_job_name = "nvme"
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
    kms_key_id     = aws_kms_key.ml.arn
  }
  resource_config {
    instance_type     = "ml.p4d.24xlarge"
    instance_count    = 1
    volume_size_in_gb = 30
  }
}

resource "aws_sagemaker_training_job" "fail_nvme_no_output_key" {
  training_job_name = "nvme-open"
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
    instance_type     = "ml.g5.2xlarge"
    instance_count    = 1
    volume_size_in_gb = 30
  }
}
