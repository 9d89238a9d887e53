variable "policy" {
  type = string
}

resource "aws_api_gateway_domain_name" "pass_tls12" {
  domain_name              = "inference.example.com"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
  security_policy          = "TLS_1_2"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_domain_name" "pass_enhanced" {
  domain_name              = "chat.example.com"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
  security_policy          = "SecurityPolicy_TLS13_1_3_2025_09"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_domain_name" "fail_tls10" {
  domain_name     = "legacy.example.com"
  certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
  security_policy = "TLS_1_0"
}

resource "aws_api_gateway_domain_name" "fail_absent" {
  domain_name     = "models.example.com"
  certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
}

resource "aws_api_gateway_domain_name" "unknown_policy" {
  domain_name     = "edge.example.com"
  certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
  security_policy = var.policy
}
