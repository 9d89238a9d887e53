# The Cloud Control provider (awscc): agent_resource_role_arn carries the same
# name; the role is followed when it is an aws_iam_role (as in
# aws-ia/terraform-aws-bedrock).
resource "awscc_bedrock_agent" "pass_cc_scoped_role" {
  agent_name              = "cc-scoped"
  agent_resource_role_arn = aws_iam_role.scoped.arn
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}

resource "awscc_bedrock_agent" "fail_cc_admin_role" {
  agent_name              = "cc-admin"
  agent_resource_role_arn = aws_iam_role.admin.arn
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}

# agent_resource_role_arn is optional in the awscc schema.
resource "awscc_bedrock_agent" "unknown_cc_no_role" {
  agent_name       = "cc-no-role"
  foundation_model = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}

# A role declared with awscc_iam_role is not followed.
resource "awscc_iam_role" "cc_agent" {
  role_name                   = "cc-agent"
  assume_role_policy_document = local.bedrock_trust
}

resource "awscc_bedrock_agent" "unknown_cc_awscc_role" {
  agent_name              = "cc-awscc-role"
  agent_resource_role_arn = awscc_iam_role.cc_agent.arn
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}
