resource "aws_bedrockagent_agent" "pass_guardrail" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  guardrail_configuration {
    guardrail_identifier = "gr-0123456789"
    guardrail_version    = "1"
  }
}

resource "aws_bedrockagent_agent" "fail_no_guardrail" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}

resource "aws_bedrockagent_agent" "fail_empty_block" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  guardrail_configuration {
    guardrail_version = "1"
  }
}

# The Cloud Control provider (awscc) writes the configuration as an object.
resource "awscc_bedrock_agent" "pass_awscc_guardrail" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  guardrail_configuration = {
    guardrail_identifier = "gr-0123456789"
    guardrail_version    = "1"
  }
}

resource "awscc_bedrock_agent" "fail_awscc_no_guardrail" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}
