# The Cloud Control provider (awscc): environment is a JSON string.
resource "awscc_sagemaker_model" "pass_cc_secret_arn_only" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container = {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1"
    environment = jsonencode({
      HF_MODEL_ID         = "meta-llama/Llama-3.1-8B-Instruct"
      HF_TOKEN_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:hf"
    })
  }
}

resource "awscc_sagemaker_model" "pass_cc_no_environment" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "pass_cc_token_unset" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    image       = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1"
    environment = jsonencode({ HF_MODEL_ID = "distilbert-base-uncased", HF_API_TOKEN = var.hf_api_token })
  }
}

resource "awscc_sagemaker_model" "fail_cc_hf_token" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1"
    environment = jsonencode({
      HF_MODEL_ID = "meta-llama/Llama-3.1-8B-Instruct"
      HF_TOKEN    = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345"
    })
  }
}

resource "awscc_sagemaker_model" "fail_cc_pipeline_heredoc" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  containers = [
    { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/pre:1" },
    {
      image       = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1"
      environment = <<-JSON
        {
          "MODEL": "gpt-4o",
          "OPENAI_API_KEY" : "sk-proj-0000"
        }
      JSON
    },
  ]
}

resource "awscc_sagemaker_model" "unknown_cc_token_from_variable" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    image       = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1"
    environment = jsonencode({ OPENAI_API_KEY = var.openai_key })
  }
}
