# The Cloud Control provider (awscc): vpc_config is an object with the same
# names.
resource "awscc_sagemaker_model" "pass_cc_isolated_in_vpc" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = true
  primary_container        = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0" }
  vpc_config = {
    subnets            = ["subnet-0a", "subnet-0b"]
    security_group_ids = ["sg-0123"]
  }
}

resource "awscc_sagemaker_model" "fail_cc_absent" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0" }
}

resource "awscc_sagemaker_model" "fail_cc_vpc_not_isolated" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0" }
  vpc_config = {
    subnets            = ["subnet-0a"]
    security_group_ids = ["sg-0123"]
  }
}

resource "awscc_sagemaker_model" "unknown_cc_isolation" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = var.isolate
  primary_container        = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0" }
  vpc_config = {
    subnets            = ["subnet-0a"]
    security_group_ids = ["sg-0123"]
  }
}
