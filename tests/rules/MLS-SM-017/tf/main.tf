variable "ssm" {
  type = bool
}

resource "aws_sagemaker_endpoint_configuration" "pass_default" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
}

resource "aws_sagemaker_endpoint_configuration" "pass_disabled" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
    enable_ssm_access      = false
  }
}

resource "aws_sagemaker_endpoint_configuration" "fail_ssm_enabled" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
    enable_ssm_access      = true
  }
}

resource "aws_sagemaker_endpoint_configuration" "fail_shadow_ssm_enabled" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
  shadow_production_variants {
    variant_name           = "shadow"
    model_name             = "llm-next"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
    enable_ssm_access      = true
  }
}

resource "aws_sagemaker_endpoint_configuration" "unknown_ssm_variable" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
    enable_ssm_access      = var.ssm
  }
}
