variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_bedrockagent_agent" "pass_key" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  customer_encryption_key_arn = aws_kms_key.ml.arn
}

resource "aws_bedrockagent_agent" "fail_no_key" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}

resource "aws_bedrockagent_agent" "unknown_key_variable" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  customer_encryption_key_arn = var.kms_key_arn
}

resource "awscc_kms_key" "agent" {
  enable_key_rotation = true
}

resource "awscc_bedrock_agent" "pass_awscc_cmk" {
  agent_name                  = "support"
  agent_resource_role_arn     = "arn:aws:iam::111122223333:role/agent"
  foundation_model            = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  customer_encryption_key_arn = awscc_kms_key.agent.arn
}

resource "awscc_bedrock_agent" "fail_awscc_no_key" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}
