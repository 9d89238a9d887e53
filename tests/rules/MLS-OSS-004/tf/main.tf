variable "n2n" {
  type = bool
}

resource "aws_opensearch_domain" "pass_enabled" {
  domain_name = "rag"
  node_to_node_encryption {
    enabled = true
  }
}

resource "aws_opensearch_domain" "fail_default" {
  domain_name = "rag-dev"
}

resource "aws_elasticsearch_domain" "fail_legacy_disabled" {
  domain_name = "legacy"
  node_to_node_encryption {
    enabled = false
  }
}

resource "aws_opensearch_domain" "unknown_variable" {
  domain_name = "rag-var"
  node_to_node_encryption {
    enabled = var.n2n
  }
}
