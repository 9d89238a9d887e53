# The Cloud Control provider (awscc): primary_container is an object and the
# pipeline containers are the list containers.
resource "awscc_sagemaker_model" "pass_cc_ecr" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0"
  }
}

resource "awscc_sagemaker_model" "pass_cc_model_package" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    model_package_name = "arn:aws:sagemaker:us-east-1:111122223333:model-package/llm/1"
  }
}

resource "awscc_sagemaker_model" "fail_cc_docker_hub" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container = {
    image = "ghcr.io/huggingface/text-generation-inference:2.0"
  }
}

resource "awscc_sagemaker_model" "fail_cc_pipeline_private_registry" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  containers = [
    { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/pre:1" },
    {
      image        = "registry.internal.example.com/llm:1"
      image_config = { repository_access_mode = "Vpc" }
    },
  ]
}

resource "awscc_sagemaker_model" "unknown_cc_image" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container  = { image = var.image }
}
