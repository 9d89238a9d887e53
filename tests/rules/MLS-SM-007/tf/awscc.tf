# The Cloud Control provider (awscc): execution_role_arn carries the same
# name; the role is followed when it is an aws_iam_role.
resource "awscc_sagemaker_model" "pass_cc_scoped_role" {
  execution_role_arn = aws_iam_role.scoped.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "fail_cc_inline_star" {
  execution_role_arn = aws_iam_role.inline_star.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

# execution_role_arn is optional in the awscc schema.
resource "awscc_sagemaker_model" "unknown_cc_no_role" {
  primary_container = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}
