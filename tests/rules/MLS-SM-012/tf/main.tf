variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_sagemaker_data_quality_job_definition" "pass_key" {
  name     = "dq"
  role_arn = "arn:aws:iam::111122223333:role/monitor"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = "llm"
    }
  }
  data_quality_job_output_config {
    monitoring_outputs {
      s3_output {
        s3_uri     = "s3://monitoring/dq"
        local_path = "/opt/ml/processing/output"
      }
    }
  }
  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5.large"
      volume_size_in_gb = 20
      volume_kms_key_id = aws_kms_key.ml.arn
    }
  }
}

resource "aws_sagemaker_data_quality_job_definition" "fail_no_key" {
  name     = "dq"
  role_arn = "arn:aws:iam::111122223333:role/monitor"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = "llm"
    }
  }
  data_quality_job_output_config {
    monitoring_outputs {
      s3_output {
        s3_uri     = "s3://monitoring/dq"
        local_path = "/opt/ml/processing/output"
      }
    }
  }
  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5.large"
      volume_size_in_gb = 20
    }
  }
}

resource "aws_sagemaker_data_quality_job_definition" "unknown_key_variable" {
  name     = "dq"
  role_arn = "arn:aws:iam::111122223333:role/monitor"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = "llm"
    }
  }
  data_quality_job_output_config {
    monitoring_outputs {
      s3_output {
        s3_uri     = "s3://monitoring/dq"
        local_path = "/opt/ml/processing/output"
      }
    }
  }
  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5.large"
      volume_size_in_gb = 20
      volume_kms_key_id = var.kms_key_arn
    }
  }
}

# Local NVMe storage takes no volume key: no result.
resource "aws_sagemaker_data_quality_job_definition" "none_nvme_instance" {
  name     = "dq-nvme"
  role_arn = "arn:aws:iam::111122223333:role/monitor"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = "llm"
    }
  }
  data_quality_job_output_config {
    monitoring_outputs {
      s3_output {
        s3_uri     = "s3://monitoring/dq"
        local_path = "/opt/ml/processing/output"
      }
    }
  }
  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5d.large"
      volume_size_in_gb = 20
    }
  }
}
