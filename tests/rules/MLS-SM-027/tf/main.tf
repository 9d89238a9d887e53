variable "artifact" {
  type = string
}

resource "aws_sagemaker_model" "pass_s3" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = "s3://models/llm/model.tar.gz"
  }
}

resource "aws_sagemaker_model" "pass_no_artifact" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
  }
}

resource "aws_sagemaker_model" "fail_https_artifact" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = "https://huggingface.co/someone/llm/resolve/main/model.tar.gz"
  }
}

resource "aws_sagemaker_model" "unknown_artifact" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = var.artifact
  }
}
