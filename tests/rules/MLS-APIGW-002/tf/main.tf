variable "log_arn" {
  type = string
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/inference"
  retention_in_days = 365
}

resource "aws_api_gateway_stage" "pass_logged" {
  rest_api_id   = "a1b2c3"
  deployment_id = "d4e5f6"
  stage_name    = "prod"
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format          = "$context.requestId $context.identity.sourceIp $context.status"
  }
}

resource "aws_api_gateway_stage" "fail_no_access_log" {
  rest_api_id   = "a1b2c3"
  deployment_id = "d4e5f6"
  stage_name    = "dev"
  xray_tracing_enabled = true
}

resource "aws_api_gateway_stage" "fail_empty_destination" {
  rest_api_id   = "a1b2c3"
  deployment_id = "d4e5f6"
  stage_name    = "test"
  access_log_settings {
    destination_arn = ""
    format          = "$context.requestId"
  }
}

resource "aws_api_gateway_stage" "pass_variable_destination" {
  rest_api_id   = "a1b2c3"
  deployment_id = "d4e5f6"
  stage_name    = "canary"
  access_log_settings {
    destination_arn = var.log_arn
    format          = "$context.requestId"
  }
}

resource "aws_apigatewayv2_stage" "pass_http_logged" {
  api_id = "h1t2t3"
  name   = "$default"
  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/chat"
    format          = "$context.requestId"
  }
}

resource "aws_apigatewayv2_stage" "fail_http_no_access_log" {
  api_id      = "h1t2t3"
  name        = "prod"
  auto_deploy = true
  default_route_settings {
    logging_level = "INFO"
  }
}
