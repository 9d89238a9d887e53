# The Cloud Control provider (awscc): nested settings are objects with the
# same names.
resource "awscc_sagemaker_data_quality_job_definition" "pass_cc_enabled" {
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
  network_config = {
    enable_network_isolation = true
  }
}

resource "awscc_sagemaker_data_quality_job_definition" "fail_cc_no_network_config" {
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

resource "awscc_sagemaker_data_quality_job_definition" "fail_cc_other_setting_only" {
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
  network_config = {
    enable_inter_container_traffic_encryption = true
  }
}

resource "awscc_sagemaker_data_quality_job_definition" "fail_cc_disabled" {
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
  network_config = {
    enable_network_isolation = false
  }
}

resource "awscc_sagemaker_data_quality_job_definition" "unknown_cc_variable" {
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
  network_config = {
    enable_network_isolation = var.flag
  }
}
