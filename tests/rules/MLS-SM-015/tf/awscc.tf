# The Cloud Control provider (awscc) is read like CloudFormation: without
# enable_capture the SageMaker API captures (its default is enabled).
resource "awscc_kms_key" "cc_capture" {
  enable_key_rotation = true
}

resource "awscc_sagemaker_endpoint_config" "pass_cc_no_capture" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
}

resource "awscc_sagemaker_endpoint_config" "pass_cc_capture_disabled" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  data_capture_config = {
    enable_capture              = false
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://capture/llm"
    capture_options             = [{ capture_mode = "Input" }, { capture_mode = "Output" }]
  }
}

resource "awscc_sagemaker_endpoint_config" "pass_cc_capture_with_key" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  data_capture_config = {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://capture/llm"
    capture_options             = [{ capture_mode = "Input" }, { capture_mode = "Output" }]
    kms_key_id                  = awscc_kms_key.cc_capture.arn
  }
}

# enable_capture left out: captured (API default), no key.
resource "awscc_sagemaker_endpoint_config" "fail_cc_capture_default_no_key" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  data_capture_config = {
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://capture/llm"
    capture_options             = [{ capture_mode = "Input" }, { capture_mode = "Output" }]
  }
}

resource "awscc_sagemaker_endpoint_config" "fail_cc_capture_aws_managed_alias" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  data_capture_config = {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://capture/llm"
    capture_options             = [{ capture_mode = "Input" }]
    kms_key_id                  = "alias/aws/s3"
  }
}

resource "awscc_sagemaker_endpoint_config" "unknown_cc_capture_key_variable" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  data_capture_config = {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://capture/llm"
    capture_options             = [{ capture_mode = "Input" }]
    kms_key_id                  = var.kms_key_arn
  }
}
