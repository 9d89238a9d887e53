variable "encrypted" {
  type = bool
}

resource "aws_opensearch_domain" "pass_encrypted" {
  domain_name    = "rag"
  engine_version = "OpenSearch_2.13"
  encrypt_at_rest {
    enabled = true
  }
}

# No encrypt_at_rest block: not encrypted.
resource "aws_opensearch_domain" "fail_default" {
  domain_name    = "rag-dev"
  engine_version = "OpenSearch_2.13"
}

resource "aws_opensearch_domain" "fail_disabled" {
  domain_name    = "rag-test"
  engine_version = "OpenSearch_2.13"
  encrypt_at_rest {
    enabled = false
  }
}

resource "aws_elasticsearch_domain" "fail_legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"
}

resource "aws_elasticsearch_domain" "pass_legacy_encrypted" {
  domain_name           = "legacy-enc"
  elasticsearch_version = "7.10"
  encrypt_at_rest {
    enabled = true
  }
}

resource "aws_opensearch_domain" "unknown_variable" {
  domain_name = "rag-var"
  encrypt_at_rest {
    enabled = var.encrypted
  }
}
