resource "aws_lambda_function_url" "fail_public" {
  function_name      = "chat"
  authorization_type = "NONE"
}

resource "aws_lambda_function_url" "pass_iam" {
  function_name      = "chat-signed"
  authorization_type = "AWS_IAM"
}

variable "auth" {
  type = string
}

resource "aws_lambda_function_url" "unknown_auth" {
  function_name      = "chat-var"
  authorization_type = var.auth
}
