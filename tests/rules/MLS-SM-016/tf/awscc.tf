# The Cloud Control provider (awscc): async_inference_config is an object with
# the same names.
resource "awscc_kms_key" "cc_async" {
  enable_key_rotation = true
}

resource "awscc_sagemaker_endpoint_config" "pass_cc_not_async" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
}

resource "awscc_sagemaker_endpoint_config" "pass_cc_async_awscc_key" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  async_inference_config = {
    output_config = {
      s3_output_path = "s3://async/out"
      kms_key_id     = awscc_kms_key.cc_async.arn
    }
  }
}

resource "awscc_sagemaker_endpoint_config" "fail_cc_async_no_key" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  async_inference_config = {
    output_config = {
      s3_output_path = "s3://async/out"
    }
  }
}

resource "awscc_sagemaker_endpoint_config" "unknown_cc_async_key_variable" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  async_inference_config = {
    output_config = {
      s3_output_path = "s3://async/out"
      kms_key_id     = var.kms_key_arn
    }
  }
}
