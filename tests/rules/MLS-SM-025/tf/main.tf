variable "image" {
  type = string
}

resource "aws_sagemaker_model" "pass_digest" {
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

resource "aws_sagemaker_model" "fail_tag" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:latest"
  }
}

resource "aws_sagemaker_model" "fail_inference_pipeline_tag" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
  }

  container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/postprocess:2"
  }
}

resource "aws_sagemaker_model" "unknown_image" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = var.image
  }
}

resource "aws_ecr_repository" "llm" {
  name = "llm"
}

# The repository's URL is known only after apply; the tag after it is not
# a digest, whatever the URL.
resource "aws_sagemaker_model" "fail_tag_after_repository_url" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "${aws_ecr_repository.llm.repository_url}:latest"
  }
}

# A digest after the URL: the end decides the other way.
resource "aws_sagemaker_model" "pass_digest_after_repository_url" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "${aws_ecr_repository.llm.repository_url}@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
  }
}

# Only the digest's last characters are known: it may still be one.
resource "aws_sagemaker_model" "unknown_end_could_be_a_digest" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container {
    image = "${var.image}0e5d"
  }
}
