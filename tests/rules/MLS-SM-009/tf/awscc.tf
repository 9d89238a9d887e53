# The Cloud Control provider (awscc): same name, same default (false).
resource "awscc_sagemaker_model" "pass_cc_isolated" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  primary_container        = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0" }
  enable_network_isolation = true
}

resource "awscc_sagemaker_model" "fail_cc_default" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0" }
}

resource "awscc_sagemaker_model" "fail_cc_disabled" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  primary_container        = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0" }
  enable_network_isolation = false
}

resource "awscc_sagemaker_model" "unknown_cc_isolation" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  primary_container        = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0" }
  enable_network_isolation = var.isolate
}
