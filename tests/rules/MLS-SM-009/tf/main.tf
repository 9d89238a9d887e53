variable "isolate" {
  type = bool
}

resource "aws_sagemaker_model" "pass_isolated" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"

  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0"
  }
  enable_network_isolation = true
}

resource "aws_sagemaker_model" "fail_default" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"

  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0"
  }
}

resource "aws_sagemaker_model" "fail_disabled" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"

  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0"
  }
  enable_network_isolation = false
}

resource "aws_sagemaker_model" "unknown_isolation" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"

  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0"
  }
  enable_network_isolation = var.isolate
}
