variable "policy" {
  type = string
}

resource "aws_opensearch_domain" "pass_https_tls12" {
  domain_name = "rag"
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}

# The TLS policy left out is the API's default, which accepts TLS 1.0.
resource "aws_opensearch_domain" "fail_https_default_tls" {
  domain_name = "rag-b"
  domain_endpoint_options {
    enforce_https = true
  }
}

# No domain_endpoint_options: HTTPS is not enforced.
resource "aws_opensearch_domain" "fail_default" {
  domain_name = "rag-dev"
}

resource "aws_opensearch_domain" "fail_http_allowed" {
  domain_name = "rag-http"
  domain_endpoint_options {
    enforce_https = false
  }
}

resource "aws_elasticsearch_domain" "fail_legacy_tls10" {
  domain_name = "legacy"
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07"
  }
}

resource "aws_opensearch_domain" "unknown_tls_variable" {
  domain_name = "rag-var"
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = var.policy
  }
}

# Inside the block the provider enforces HTTPS unless told otherwise.
resource "aws_opensearch_domain" "pass_block_without_enforce_https" {
  domain_name = "rag-block"
  domain_endpoint_options {
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}
