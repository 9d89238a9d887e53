# ---------------------------------------------------------------------------
# Fraud scoring (XGBoost, real-time)
# ---------------------------------------------------------------------------

resource "aws_sagemaker_model" "fraud" {
  name                     = "${local.name_prefix}-fraud-xgb"
  execution_role_arn       = aws_iam_role.inference.arn
  enable_network_isolation = true

  primary_container {
    image          = var.fraud_model_image
    model_data_url = "s3://${aws_s3_bucket.data["model-artifacts"].bucket}/fraud-xgb/2024-11-04/model.tar.gz"

    environment = {
      SAGEMAKER_PROGRAM = "inference.py"
    }
  }

  dynamic "vpc_config" {
    for_each = length(var.model_subnet_ids) > 0 ? [1] : []
    content {
      subnets            = var.model_subnet_ids
      security_group_ids = [aws_security_group.models.id]
    }
  }
}

resource "aws_sagemaker_endpoint_configuration" "fraud" {
  name_prefix = "${local.name_prefix}-fraud-"
  kms_key_arn = aws_kms_key.ml.arn

  dynamic "production_variants" {
    for_each = var.fraud_variants
    content {
      variant_name           = production_variants.value.name
      model_name             = aws_sagemaker_model.fraud.name
      instance_type          = production_variants.value.instance_type
      initial_instance_count = production_variants.value.instance_count
      initial_variant_weight = production_variants.value.weight
    }
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 10
    destination_s3_uri          = "s3://${aws_s3_bucket.data["model-artifacts"].bucket}/data-capture/fraud/"
    kms_key_id                  = aws_kms_key.ml.arn

    capture_options {
      capture_mode = "Input"
    }
    capture_options {
      capture_mode = "Output"
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_sagemaker_endpoint" "fraud" {
  name                 = "${local.name_prefix}-fraud"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.fraud.name
}

# ---------------------------------------------------------------------------
# Support chat (TGI on a single GPU)
# ---------------------------------------------------------------------------

resource "aws_sagemaker_model" "llm_chat" {
  name               = "${local.name_prefix}-support-chat"
  execution_role_arn = aws_iam_role.sagemaker_execution.arn

  primary_container {
    image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.1.1-tgi2.0.0-gpu-py310-cu121-ubuntu22.04"

    environment = {
      HF_MODEL_ID      = "mistralai/Mistral-7B-Instruct-v0.2"
      SM_NUM_GPUS      = "1"
      MAX_INPUT_LENGTH = "3072"
      MAX_TOTAL_TOKENS = "4096"
      # Gated model; the token belongs to the ml-platform bot account.
      HUGGING_FACE_HUB_TOKEN = "hf_EXAMPLEonlyNOTaREALtokenXXXXXXXXXX"
    }
  }
}

resource "aws_sagemaker_endpoint_configuration" "llm_chat" {
  name_prefix = "${local.name_prefix}-support-chat-"

  production_variants {
    variant_name                                      = "primary"
    model_name                                        = aws_sagemaker_model.llm_chat.name
    instance_type                                     = var.llm_instance_type
    initial_instance_count                            = 1
    container_startup_health_check_timeout_in_seconds = 600

    # Lets on-call shell into the TGI container while we tune batching.
    enable_ssm_access = !local.is_prod
  }

  # Transcripts feed the weekly eval set.
  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://${aws_s3_bucket.data["shared-datasets"].bucket}/chat-transcripts/"

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_sagemaker_endpoint" "llm_chat" {
  name                 = "${local.name_prefix}-support-chat"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.llm_chat.name
}
