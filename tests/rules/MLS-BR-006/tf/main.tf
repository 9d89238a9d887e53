locals {
  bedrock_trust = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "bedrock.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

variable "role_arn" {
  type = string
}

resource "aws_iam_role" "scoped" {
  name               = "agent-scoped"
  assume_role_policy = local.bedrock_trust
}

resource "aws_iam_role_policy" "scoped" {
  role   = aws_iam_role.scoped.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "bedrock:InvokeModel", Resource = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0" }] })
}

resource "aws_iam_role" "admin" {
  name               = "agent-admin"
  assume_role_policy = local.bedrock_trust
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_bedrockagent_agent" "pass_scoped_role" {
  agent_name              = "scoped"
  agent_resource_role_arn = aws_iam_role.scoped.arn
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}

resource "aws_bedrockagent_agent" "fail_admin_role" {
  agent_name              = "admin"
  agent_resource_role_arn = aws_iam_role.admin.arn
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}

resource "aws_bedrockagent_agent" "unknown_external_role" {
  agent_name              = "external"
  agent_resource_role_arn = var.role_arn
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}
