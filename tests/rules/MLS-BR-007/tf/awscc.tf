# The Cloud Control provider (awscc), as aws-ia/terraform-aws-bedrock declares
# its data sources: server_side_encryption_configuration is an object.
resource "awscc_kms_key" "cc_rag" {
  enable_key_rotation = true
}

resource "awscc_bedrock_data_source" "pass_cc_awscc_key" {
  knowledge_base_id = "EMDPPAYPZI"
  name              = "cc-docs"
  data_source_configuration = {
    type             = "S3"
    s3_configuration = { bucket_arn = "arn:aws:s3:::acme-rag-docs" }
  }
  server_side_encryption_configuration = {
    kms_key_arn = awscc_kms_key.cc_rag.arn
  }
}

resource "awscc_bedrock_data_source" "fail_cc_no_encryption_configuration" {
  knowledge_base_id = "EMDPPAYPZI"
  name              = "cc-plain"
  data_source_configuration = {
    type             = "S3"
    s3_configuration = { bucket_arn = "arn:aws:s3:::acme-rag-plain" }
  }
}

resource "awscc_bedrock_data_source" "fail_cc_aws_managed_alias" {
  knowledge_base_id = "EMDPPAYPZI"
  name              = "cc-alias"
  data_source_configuration = {
    type             = "S3"
    s3_configuration = { bucket_arn = "arn:aws:s3:::acme-rag-alias" }
  }
  server_side_encryption_configuration = {
    kms_key_arn = "alias/aws/bedrock"
  }
}

# The module's pattern and defaults: no configuration unless asked for.
variable "cc_create_server_side_encryption_config" {
  type    = bool
  default = false
}

variable "cc_data_source_kms_key_arn" {
  type    = string
  default = null
}

locals {
  cc_server_side_encryption_configuration = var.cc_create_server_side_encryption_config == false ? null : {
    kms_key_arn = var.cc_data_source_kms_key_arn
  }
}

resource "awscc_bedrock_data_source" "fail_cc_module_defaults" {
  knowledge_base_id = "EMDPPAYPZI"
  name              = "cc-module"
  data_source_configuration = {
    type             = "S3"
    s3_configuration = { bucket_arn = "arn:aws:s3:::acme-rag-module" }
  }
  server_side_encryption_configuration = local.cc_server_side_encryption_configuration
}

variable "cc_rag_key_unset" {
  type = string
}

resource "awscc_bedrock_data_source" "unknown_cc_key_variable" {
  knowledge_base_id = "EMDPPAYPZI"
  name              = "cc-var"
  data_source_configuration = {
    type             = "S3"
    s3_configuration = { bucket_arn = "arn:aws:s3:::acme-rag-var" }
  }
  server_side_encryption_configuration = {
    kms_key_arn = var.cc_rag_key_unset
  }
}
