variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_sagemaker_endpoint_configuration" "pass_no_capture" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
}

resource "aws_sagemaker_endpoint_configuration" "pass_capture_disabled" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
  data_capture_config {
    enable_capture              = false
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://capture/llm"

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }
}

resource "aws_sagemaker_endpoint_configuration" "pass_capture_with_key" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://capture/llm"
    kms_key_id                  = aws_kms_key.ml.arn

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }
}

resource "aws_sagemaker_endpoint_configuration" "fail_capture_without_key" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://capture/llm"

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }
}

resource "aws_sagemaker_endpoint_configuration" "unknown_key_variable" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://capture/llm"
    kms_key_id                  = var.kms_key_arn

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }
}
