# The Cloud Control provider (awscc): primary_container is an object and the
# pipeline containers are the list containers.
resource "awscc_sagemaker_model" "pass_cc_s3" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1"
    model_data_url = "s3://models/llm/model.tar.gz"
  }
}

resource "awscc_sagemaker_model" "pass_cc_no_artifact" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1"
  }
}

resource "awscc_sagemaker_model" "fail_cc_https_artifact" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1"
    model_data_url = "https://huggingface.co/someone/llm/resolve/main/model.tar.gz"
  }
}

resource "awscc_sagemaker_model" "fail_cc_pipeline_https_artifact" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  containers = [
    { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/pre:1", model_data_url = "s3://models/pre.tar.gz" },
    { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1", model_data_url = "https://example.com/llm.tar.gz" },
  ]
}

resource "awscc_sagemaker_model" "unknown_cc_artifact" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1"
    model_data_url = var.artifact
  }
}
