variable "key" {
  type = string
}

resource "aws_kms_key" "rag" {
  enable_key_rotation = true
}

resource "aws_opensearch_domain" "pass_cmk" {
  domain_name = "rag"
  encrypt_at_rest {
    enabled    = true
    kms_key_id = aws_kms_key.rag.arn
  }
}

resource "aws_opensearch_domain" "pass_key_arn" {
  domain_name = "rag-b"
  encrypt_at_rest {
    enabled    = true
    kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

# Encrypted with aws/es.
resource "aws_opensearch_domain" "fail_aws_managed_default" {
  domain_name = "rag-dev"
  encrypt_at_rest {
    enabled = true
  }
}

resource "aws_elasticsearch_domain" "fail_aws_managed_alias" {
  domain_name = "legacy"
  encrypt_at_rest {
    enabled    = true
    kms_key_id = "alias/aws/es"
  }
}

# Not encrypted at all: MLS-OSS-003's finding, no result here.
resource "aws_opensearch_domain" "none_not_encrypted" {
  domain_name = "rag-plain"
}

resource "aws_opensearch_domain" "unknown_key_variable" {
  domain_name = "rag-var"
  encrypt_at_rest {
    enabled    = true
    kms_key_id = var.key
  }
}
