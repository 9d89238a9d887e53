# The Cloud Control provider (awscc): primary_container is an object and the
# pipeline containers are the list containers.
resource "awscc_sagemaker_model" "pass_cc_digest" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
  }
}

resource "awscc_sagemaker_model" "pass_cc_model_package" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    model_package_name = "arn:aws:sagemaker:us-east-1:111122223333:model-package/llm/1"
  }
}

resource "awscc_sagemaker_model" "fail_cc_tag" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:latest"
  }
}

resource "awscc_sagemaker_model" "fail_cc_pipeline_tag" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  containers = [
    { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d" },
    { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/postprocess:2" },
  ]
}

resource "awscc_sagemaker_model" "unknown_cc_image" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container  = { image = var.image }
}
