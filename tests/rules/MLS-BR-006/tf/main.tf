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

# Customer-managed policies attached by ARN: an attachment, and
# managed_policy_arns; their statements decide.
resource "aws_iam_role" "custom_attached" {
  name = "custom-attached"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "bedrock.amazonaws.com" } }]
  })
}

resource "aws_iam_policy" "custom_scoped" {
  name = "custom-scoped"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::models/*" }]
  })
}

resource "aws_iam_role_policy_attachment" "custom_scoped" {
  role       = aws_iam_role.custom_attached.name
  policy_arn = aws_iam_policy.custom_scoped.arn
}

resource "aws_iam_policy" "custom_star" {
  name = "custom-star"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_role" "custom_listed" {
  name                = "custom-listed"
  managed_policy_arns = [aws_iam_policy.custom_scoped.arn]
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "bedrock.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "custom_listed_star" {
  name                = "custom-listed-star"
  managed_policy_arns = [aws_iam_policy.custom_star.arn]
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "bedrock.amazonaws.com" } }]
  })
}

resource "aws_bedrockagent_agent" "pass_customer_policy_attached" {
  agent_name              = "custom"
  foundation_model        = "anthropic.claude-v2"
  agent_resource_role_arn = aws_iam_role.custom_attached.arn

}

resource "aws_bedrockagent_agent" "pass_customer_policy_listed" {
  agent_name              = "custom"
  foundation_model        = "anthropic.claude-v2"
  agent_resource_role_arn = aws_iam_role.custom_listed.arn

}

resource "aws_bedrockagent_agent" "fail_customer_policy_listed_star" {
  agent_name              = "custom"
  foundation_model        = "anthropic.claude-v2"
  agent_resource_role_arn = aws_iam_role.custom_listed_star.arn

}
