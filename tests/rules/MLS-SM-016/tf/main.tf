variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_sagemaker_endpoint_configuration" "pass_realtime" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
}

resource "aws_sagemaker_endpoint_configuration" "pass_async_with_key" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
  async_inference_config {
    output_config {
      s3_output_path = "s3://async/llm/out"
      kms_key_id     = aws_kms_key.ml.arn
    }
  }
}

resource "aws_sagemaker_endpoint_configuration" "fail_async_without_key" {
  production_variants {
    variant_name           = "main"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
  async_inference_config {
    output_config {
      s3_output_path = "s3://async/llm/out"
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
  async_inference_config {
    output_config {
      s3_output_path = "s3://async/llm/out"
      kms_key_id     = var.kms_key_arn
    }
  }
}
