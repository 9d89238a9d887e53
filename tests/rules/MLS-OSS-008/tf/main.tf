variable "policy" {
  type = string
}

locals {
  open = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "arn:aws:es:us-east-1:111122223333:domain/rag/*" }]
  })
  by_ip = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "es:ESHttp*", Resource = "arn:aws:es:us-east-1:111122223333:domain/rag/*", Condition = { IpAddress = { "aws:SourceIp" = ["203.0.113.0/24"] } } }]
  })
  role = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/rag-app" }, Action = "es:ESHttp*", Resource = "arn:aws:es:us-east-1:111122223333:domain/rag/*" }]
  })
}

resource "aws_opensearch_domain" "fail_public_open" {
  domain_name     = "rag"
  access_policies = local.open
}

resource "aws_opensearch_domain" "pass_public_ip_policy" {
  domain_name     = "rag-ip"
  access_policies = local.by_ip
}

resource "aws_elasticsearch_domain" "pass_public_role_policy" {
  domain_name     = "legacy"
  access_policies = local.role
}

# Inside a VPC an open policy is AWS's usual choice.
resource "aws_opensearch_domain" "pass_vpc_open" {
  domain_name     = "rag-vpc"
  access_policies = local.open
  vpc_options {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
}

resource "aws_opensearch_domain" "pass_no_policy" {
  domain_name = "rag-nopolicy"
}

resource "aws_opensearch_domain" "unknown_policy" {
  domain_name     = "rag-var"
  access_policies = var.policy
}

# A separate policy follows domain_name to its domain.
resource "aws_opensearch_domain" "pass_public_domain_b" {
  domain_name = "rag-b"
}

resource "aws_opensearch_domain_policy" "fail_policy_public_domain" {
  domain_name     = aws_opensearch_domain.pass_public_domain_b.domain_name
  access_policies = local.open
}

resource "aws_opensearch_domain" "pass_vpc_domain_c" {
  domain_name = "rag-c"
  vpc_options {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
}

resource "aws_opensearch_domain_policy" "pass_policy_vpc_domain" {
  domain_name     = aws_opensearch_domain.pass_vpc_domain_c.domain_name
  access_policies = local.open
}

# A domain this module does not declare: its placement is not known.
resource "aws_elasticsearch_domain_policy" "unknown_policy_other_domain" {
  domain_name     = "somewhere-else"
  access_policies = local.open
}

resource "aws_opensearch_domain_policy" "pass_policy_scoped_other_domain" {
  domain_name     = "somewhere-else"
  access_policies = local.role
}

resource "aws_elasticsearch_domain" "pass_legacy_public_d" {
  domain_name = "legacy-d"
}

resource "aws_elasticsearch_domain_policy" "fail_policy_public_legacy_domain" {
  domain_name     = aws_elasticsearch_domain.pass_legacy_public_d.domain_name
  access_policies = local.open
}
