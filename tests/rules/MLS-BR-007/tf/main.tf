variable "key_arn" {
  type = string
}

resource "aws_kms_key" "rag" {
  description         = "knowledge base ingestion"
  enable_key_rotation = true
}

resource "aws_bedrockagent_data_source" "pass_cmk" {
  knowledge_base_id = "EMDPPAYPZI"
  name              = "docs"
  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = "arn:aws:s3:::acme-rag-docs"
    }
  }
  server_side_encryption_configuration {
    kms_key_arn = aws_kms_key.rag.arn
  }
}

resource "aws_bedrockagent_data_source" "pass_key_arn" {
  knowledge_base_id = "EMDPPAYPZI"
  name              = "wiki"
  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = "arn:aws:s3:::acme-rag-wiki"
    }
  }
  server_side_encryption_configuration {
    kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

resource "aws_bedrockagent_data_source" "fail_no_key" {
  knowledge_base_id = "EMDPPAYPZI"
  name              = "plain"
  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = "arn:aws:s3:::acme-rag-plain"
    }
  }
}

resource "aws_bedrockagent_data_source" "fail_aws_managed_alias" {
  knowledge_base_id = "EMDPPAYPZI"
  name              = "managed"
  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = "arn:aws:s3:::acme-rag-managed"
    }
  }
  server_side_encryption_configuration {
    kms_key_arn = "arn:aws:kms:us-east-1:111122223333:alias/aws/bedrock"
  }
}

resource "aws_bedrockagent_data_source" "unknown_variable" {
  knowledge_base_id = "EMDPPAYPZI"
  name              = "var"
  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = "arn:aws:s3:::acme-rag-var"
    }
  }
  server_side_encryption_configuration {
    kms_key_arn = var.key_arn
  }
}
