# The Cloud Control provider (awscc): variants are lists of objects with the
# same enable_ssm_access.
resource "awscc_sagemaker_endpoint_config" "pass_cc_ssm_default" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
}

resource "awscc_sagemaker_endpoint_config" "fail_cc_ssm_enabled" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
    enable_ssm_access      = true
  }]
}

resource "awscc_sagemaker_endpoint_config" "fail_cc_shadow_ssm_enabled" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
    enable_ssm_access      = false
  }]
  shadow_production_variants = [{
    variant_name           = "shadow"
    model_name             = "llm-next"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
    enable_ssm_access      = true
  }]
}
