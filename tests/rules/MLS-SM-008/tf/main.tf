variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_sagemaker_endpoint_configuration" "pass_key" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
  kms_key_arn = aws_kms_key.ml.arn
}

resource "aws_sagemaker_endpoint_configuration" "fail_no_key" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
}

resource "aws_sagemaker_endpoint_configuration" "fail_aws_managed_alias" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
  kms_key_arn = "alias/aws/sagemaker"
}

resource "aws_sagemaker_endpoint_configuration" "unknown_key_variable" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
  kms_key_arn = var.kms_key_arn
}

resource "aws_sagemaker_endpoint_configuration" "none_nvme_instance_storage" {
  production_variants {
    variant_name           = "gpu"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.g5.2xlarge"
  }
}

resource "aws_sagemaker_endpoint_configuration" "fail_mixed_nvme_and_ebs" {
  production_variants {
    variant_name           = "gpu"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.g5.2xlarge"
  }
  production_variants {
    variant_name           = "cpu"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
}

# Graviton instance types with local NVMe storage (batch 18).
resource "aws_sagemaker_endpoint_configuration" "none_graviton_nvme" {
  production_variants {
    variant_name           = "cpu"
    model_name             = "xgb"
    initial_instance_count = 1
    instance_type          = "ml.c6gd.2xlarge"
  }
}
