variable "openai_key" {
  type      = string
  sensitive = true
}

# A module's optional token, left unset: the key is null, so absent.
variable "hf_api_token" {
  type    = string
  default = null
}

resource "aws_sagemaker_model" "pass_secret_arn_only" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    environment = {
      HF_MODEL_ID         = "meta-llama/Llama-3.1-8B-Instruct"
      HF_TOKEN_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:hf"
    }
  }
}

resource "aws_sagemaker_model" "pass_no_environment" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
  }
}

resource "aws_sagemaker_model" "fail_hf_token" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    environment = {
      HF_MODEL_ID = "meta-llama/Llama-3.1-8B-Instruct"
      HF_TOKEN    = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345"
    }
  }
}

resource "aws_sagemaker_model" "fail_token_from_variable" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    environment = {
      OPENAI_API_KEY = var.openai_key
    }
  }
}

# The SageMaker Hugging Face inference toolkit's name for a Hub token.
resource "aws_sagemaker_model" "fail_hf_api_token" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    environment = {
      HF_MODEL_ID  = "distilbert-base-uncased-finetuned-sst-2-english"
      HF_API_TOKEN = "hf_Xxxx"
    }
  }
}

resource "aws_sagemaker_model" "pass_hf_api_token_unset" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    environment = {
      HF_MODEL_ID  = "distilbert-base-uncased-finetuned-sst-2-english"
      HF_API_TOKEN = var.hf_api_token
    }
  }
}
