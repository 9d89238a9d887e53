# The Cloud Control provider (awscc) holds the policy on the group itself.
resource "awscc_sagemaker_model_package_group" "pass_cc_no_policy" {
  model_package_group_name = "cc-llm"
}

resource "awscc_sagemaker_model_package_group" "pass_cc_one_account" {
  model_package_group_name = "cc-llm-shared"
  model_package_group_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "sagemaker:DescribeModelPackage", Resource = "*" }]
  })
}

resource "awscc_sagemaker_model_package_group" "fail_cc_star" {
  model_package_group_name = "cc-llm-public"
  model_package_group_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sagemaker:DescribeModelPackage", Resource = "*" }]
  })
}

resource "awscc_sagemaker_model_package_group" "unknown_cc_policy" {
  model_package_group_name   = "cc-llm-var"
  model_package_group_policy = var.policy
}
