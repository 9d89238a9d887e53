variable "policy" {
  type = string
}

resource "aws_sagemaker_model_package_group" "g" {
  model_package_group_name = "llm"
}

resource "aws_sagemaker_model_package_group_policy" "pass_one_account" {
  model_package_group_name = aws_sagemaker_model_package_group.g.model_package_group_name
  resource_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "sagemaker:DescribeModelPackage", Resource = "*" }]
  })
}

resource "aws_sagemaker_model_package_group_policy" "pass_org_condition" {
  model_package_group_name = aws_sagemaker_model_package_group.g.model_package_group_name
  resource_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "sagemaker:DescribeModelPackage", Resource = "*", Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } } }]
  })
}

resource "aws_sagemaker_model_package_group_policy" "fail_star" {
  model_package_group_name = aws_sagemaker_model_package_group.g.model_package_group_name
  resource_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "sagemaker:DescribeModelPackage", Resource = "*" }]
  })
}

resource "aws_sagemaker_model_package_group_policy" "fail_aws_star" {
  model_package_group_name = aws_sagemaker_model_package_group.g.model_package_group_name
  resource_policy          = <<-JSON
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "sagemaker:*", "Resource": "*"}]}
  JSON
}

resource "aws_sagemaker_model_package_group_policy" "unknown_policy" {
  model_package_group_name = aws_sagemaker_model_package_group.g.model_package_group_name
  resource_policy          = var.policy
}
