# The Cloud Control provider (awscc) names the key kms_key_id (CFN KmsKeyId),
# and production_variants is a list of objects.
resource "awscc_kms_key" "cc_ml" {
  enable_key_rotation = true
}

resource "awscc_sagemaker_endpoint_config" "pass_cc_awscc_key" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  kms_key_id = awscc_kms_key.cc_ml.arn
}

resource "awscc_sagemaker_endpoint_config" "pass_cc_aws_key" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  kms_key_id = aws_kms_key.ml.arn
}

resource "awscc_sagemaker_endpoint_config" "none_cc_nvme_instances" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.g5.2xlarge"
  }]
}

resource "awscc_sagemaker_endpoint_config" "fail_cc_no_key" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
}

resource "awscc_sagemaker_endpoint_config" "fail_cc_aws_managed_alias" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  kms_key_id = "alias/aws/sagemaker"
}

resource "awscc_sagemaker_endpoint_config" "unknown_cc_key_variable" {
  production_variants = [{
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }]
  kms_key_id = var.kms_key_arn
}
