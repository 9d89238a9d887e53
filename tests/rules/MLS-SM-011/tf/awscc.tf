# The Cloud Control provider (awscc): nested settings are objects with the
# same names.
resource "awscc_kms_key" "cc_ml" {
  enable_key_rotation = true
}

resource "awscc_sagemaker_data_quality_job_definition" "pass_cc_awscc_key" {
  job_definition_name = "cc-dq"
  role_arn            = "arn:aws:iam::111122223333:role/monitor"
  data_quality_app_specification = {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }
  data_quality_job_input = {
    endpoint_input = { endpoint_name = "llm", local_path = "/opt/ml/processing/input" }
  }
  job_resources = {
    cluster_config = {
      instance_count    = 1
      instance_type     = "ml.m5.large"
      volume_size_in_gb = 20
    }
  }
  data_quality_job_output_config = {
    kms_key_id = awscc_kms_key.cc_ml.arn
    monitoring_outputs = [{
      s3_output = { s3_uri = "s3://monitoring/dq", local_path = "/opt/ml/processing/output" }
    }]
  }
}

resource "awscc_sagemaker_data_quality_job_definition" "fail_cc_no_key" {
  job_definition_name = "cc-dq"
  role_arn            = "arn:aws:iam::111122223333:role/monitor"
  data_quality_app_specification = {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }
  data_quality_job_input = {
    endpoint_input = { endpoint_name = "llm", local_path = "/opt/ml/processing/input" }
  }
  job_resources = {
    cluster_config = {
      instance_count    = 1
      instance_type     = "ml.m5.large"
      volume_size_in_gb = 20
    }
  }
  data_quality_job_output_config = {
    monitoring_outputs = [{
      s3_output = { s3_uri = "s3://monitoring/dq", local_path = "/opt/ml/processing/output" }
    }]
  }
}

resource "awscc_sagemaker_data_quality_job_definition" "fail_cc_aws_managed_alias" {
  job_definition_name = "cc-dq"
  role_arn            = "arn:aws:iam::111122223333:role/monitor"
  data_quality_app_specification = {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }
  data_quality_job_input = {
    endpoint_input = { endpoint_name = "llm", local_path = "/opt/ml/processing/input" }
  }
  job_resources = {
    cluster_config = {
      instance_count    = 1
      instance_type     = "ml.m5.large"
      volume_size_in_gb = 20
    }
  }
  data_quality_job_output_config = {
    kms_key_id = "alias/aws/s3"
    monitoring_outputs = [{
      s3_output = { s3_uri = "s3://monitoring/dq", local_path = "/opt/ml/processing/output" }
    }]
  }
}

resource "awscc_sagemaker_data_quality_job_definition" "unknown_cc_key_variable" {
  job_definition_name = "cc-dq"
  role_arn            = "arn:aws:iam::111122223333:role/monitor"
  data_quality_app_specification = {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }
  data_quality_job_input = {
    endpoint_input = { endpoint_name = "llm", local_path = "/opt/ml/processing/input" }
  }
  job_resources = {
    cluster_config = {
      instance_count    = 1
      instance_type     = "ml.m5.large"
      volume_size_in_gb = 20
    }
  }
  data_quality_job_output_config = {
    kms_key_id = var.kms_key_arn
    monitoring_outputs = [{
      s3_output = { s3_uri = "s3://monitoring/dq", local_path = "/opt/ml/processing/output" }
    }]
  }
}
