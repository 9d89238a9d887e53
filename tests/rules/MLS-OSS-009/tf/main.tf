variable "fgac" {
  type = bool
}

resource "aws_opensearch_domain" "pass_fgac" {
  domain_name = "rag"
  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = false
    master_user_options {
      master_user_arn = "arn:aws:iam::111122223333:role/rag-admin"
    }
  }
}

resource "aws_opensearch_domain" "fail_default" {
  domain_name = "rag-dev"
}

resource "aws_elasticsearch_domain" "fail_disabled" {
  domain_name = "legacy"
  advanced_security_options {
    enabled = false
  }
}

resource "aws_opensearch_domain" "unknown_variable" {
  domain_name = "rag-var"
  advanced_security_options {
    enabled = var.fgac
  }
}
