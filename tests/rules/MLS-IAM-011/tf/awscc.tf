# The Cloud Control provider (awscc): managed_policy_arns and
# assume_role_policy_document (CloudFormation's ManagedPolicyArns and
# AssumeRolePolicyDocument), and the aws_iam_role_policy_attachments that
# name the role.
variable "cc_policy_arn" {
  type = string
}

locals {
  cc_sagemaker_trust = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  cc_bedrock_trust   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = ["bedrock.amazonaws.com"] }, Action = "sts:AssumeRole" }] })
}

resource "awscc_iam_managed_policy" "cc_training" {
  policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*" }] })
}

resource "awscc_iam_role" "fail_cc_sagemaker_full_access" {
  assume_role_policy_document = local.cc_sagemaker_trust
  managed_policy_arns         = ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"]
}

resource "awscc_iam_role" "fail_cc_bedrock_attached" {
  role_name                   = "cc-agent"
  assume_role_policy_document = local.cc_bedrock_trust
}

resource "aws_iam_role_policy_attachment" "cc_agent_bedrock_full" {
  role       = awscc_iam_role.fail_cc_bedrock_attached.role_name
  policy_arn = "arn:aws:iam::aws:policy/AmazonBedrockFullAccess"
}

resource "awscc_iam_role" "pass_cc_own_policy" {
  assume_role_policy_document = local.cc_sagemaker_trust
  managed_policy_arns         = [awscc_iam_managed_policy.cc_training.policy_arn]
}

resource "awscc_iam_role" "pass_cc_without_managed_policies" {
  assume_role_policy_document = local.cc_sagemaker_trust
}

# Not an ML service role: MLS-IAM-009 judges AdministratorAccess there.
resource "awscc_iam_role" "pass_cc_lambda_admin" {
  assume_role_policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns         = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "awscc_iam_role" "unknown_cc_policy_arn" {
  assume_role_policy_document = local.cc_sagemaker_trust
  managed_policy_arns         = [var.cc_policy_arn]
}
