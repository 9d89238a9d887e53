variable "image" {
  type = string
}

resource "aws_sagemaker_model" "pass_ecr" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
  }
}

resource "aws_sagemaker_model" "pass_model_package" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    model_package_name = "arn:aws:sagemaker:us-east-1:111122223333:model-package/llm/1"
  }
}

resource "aws_sagemaker_model" "fail_docker_hub" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "docker.io/someone/llm-server:latest"
  }
}

resource "aws_sagemaker_model" "fail_private_registry" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "registry.internal.example.com/llm:1"

    image_config {
      repository_access_mode = "Vpc"
    }
  }
}

resource "aws_sagemaker_model" "unknown_image" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = var.image
  }
}

# The remediation's forms: this account's ECR in this region (an account id
# is 12 digits, a region a name), an aws_ecr_repository's URL, and an
# image of AWS's own registries.
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_ecr_repository" "llm" {
  name = "llm"
}

data "aws_sagemaker_prebuilt_ecr_image" "hf" {
  repository_name = "huggingface-pytorch-inference"
  image_tag       = "2.0.0-transformers4.28.1-gpu-py310-cu118-ubuntu20.04"
}

resource "aws_sagemaker_model" "pass_caller_account" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container {
    image = "${data.aws_caller_identity.current.account_id}.dkr.ecr.${data.aws_region.current.name}.amazonaws.com/llm:1"
  }
}

resource "aws_sagemaker_model" "pass_repository_url" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container {
    image = "${aws_ecr_repository.llm.repository_url}:1"
  }
}

resource "aws_sagemaker_model" "pass_prebuilt_image" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container {
    image = data.aws_sagemaker_prebuilt_ecr_image.hf.registry_path
  }
}

resource "aws_sagemaker_model" "fail_account_named_registry" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container {
    image = "registry.example.com/${data.aws_caller_identity.current.account_id}/llm:1"
  }
}
