variable "subnets" {
  type = list(string)
}

resource "aws_opensearch_domain" "pass_vpc" {
  domain_name = "rag"
  vpc_options {
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

resource "aws_opensearch_domain" "fail_public" {
  domain_name = "rag-public"
}

resource "aws_elasticsearch_domain" "fail_legacy_empty_subnets" {
  domain_name = "legacy"
  vpc_options {
    subnet_ids = []
  }
}

resource "aws_opensearch_domain" "unknown_subnets" {
  domain_name = "rag-var"
  vpc_options {
    subnet_ids = var.subnets
  }
}
