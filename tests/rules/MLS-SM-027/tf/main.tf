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

# An S3 object's HTTPS URL is S3 too (the API takes ^(https|s3)://).
resource "aws_sagemaker_model" "pass_https_s3_object" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = "https://models.s3.us-west-2.amazonaws.com/llm/model.tar.gz"
  }
}

# A template whose known start decides it: whatever the bucket, an s3://
# URI; an https:// one whose host is the variable could be anywhere.
resource "aws_sagemaker_model" "pass_s3_template" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = "s3://${var.artifact}/model.tar.gz"
  }
}

resource "aws_sagemaker_model" "unknown_https_template" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = "https://${var.artifact}.s3.us-west-2.amazonaws.com/model.tar.gz"
  }
}

resource "aws_sagemaker_model" "fail_http_template" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = "http://${var.artifact}/model.tar.gz"
  }
}
