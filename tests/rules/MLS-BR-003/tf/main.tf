variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_bedrock_guardrail" "pass_key" {
  name                      = "support"
  blocked_input_messaging   = "Blocked."
  blocked_outputs_messaging = "Blocked."

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
  kms_key_arn = aws_kms_key.ml.arn
}

resource "aws_bedrock_guardrail" "fail_no_key" {
  name                      = "support"
  blocked_input_messaging   = "Blocked."
  blocked_outputs_messaging = "Blocked."

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
}

resource "aws_bedrock_guardrail" "unknown_key_variable" {
  name                      = "support"
  blocked_input_messaging   = "Blocked."
  blocked_outputs_messaging = "Blocked."

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
  kms_key_arn = var.kms_key_arn
}
