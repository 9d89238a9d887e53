# The Cloud Control provider (awscc), as aws-ia/terraform-aws-bedrock declares
# its guardrail: kms_key_arn carries the same name.
resource "awscc_kms_key" "cc_guardrail" {
  enable_key_rotation = true
}

resource "awscc_bedrock_guardrail" "pass_cc_awscc_key" {
  name                      = "cc-support"
  blocked_input_messaging   = "Blocked."
  blocked_outputs_messaging = "Blocked."
  content_policy_config = {
    filters_config = [{ type = "PROMPT_ATTACK", input_strength = "HIGH", output_strength = "NONE" }]
  }
  kms_key_arn = awscc_kms_key.cc_guardrail.arn
}

resource "aws_kms_key" "cc_guardrail" {
  enable_key_rotation = true
}

resource "awscc_bedrock_guardrail" "pass_cc_aws_key" {
  name                      = "cc-support-aws-key"
  blocked_input_messaging   = "Blocked."
  blocked_outputs_messaging = "Blocked."
  kms_key_arn               = aws_kms_key.cc_guardrail.arn
}

resource "awscc_bedrock_guardrail" "fail_cc_no_key" {
  name                      = "cc-no-key"
  blocked_input_messaging   = "Blocked."
  blocked_outputs_messaging = "Blocked."
}

resource "awscc_bedrock_guardrail" "fail_cc_aws_managed_alias" {
  name                      = "cc-aws-alias"
  blocked_input_messaging   = "Blocked."
  blocked_outputs_messaging = "Blocked."
  kms_key_arn               = "arn:aws:kms:us-east-1:111122223333:alias/aws/bedrock"
}

variable "cc_guardrail_kms_key_arn" {
  type    = string
  default = null
}

# The module's own default: var.guardrail_kms_key_arn = null, no key.
resource "awscc_bedrock_guardrail" "fail_cc_null_variable" {
  name                      = "cc-null"
  blocked_input_messaging   = "Blocked."
  blocked_outputs_messaging = "Blocked."
  kms_key_arn               = var.cc_guardrail_kms_key_arn
}

variable "cc_guardrail_key_unset" {
  type = string
}

resource "awscc_bedrock_guardrail" "unknown_cc_key_variable" {
  name                      = "cc-var"
  blocked_input_messaging   = "Blocked."
  blocked_outputs_messaging = "Blocked."
  kms_key_arn               = var.cc_guardrail_key_unset
}
