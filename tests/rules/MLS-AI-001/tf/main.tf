variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_kendra_index" "pass_key" {
  name     = "rag"
  role_arn = "arn:aws:iam::111122223333:role/kendra"
  server_side_encryption_configuration {
    kms_key_id = aws_kms_key.ml.arn
  }
}

resource "aws_kendra_index" "fail_no_key" {
  name     = "rag"
  role_arn = "arn:aws:iam::111122223333:role/kendra"
}

resource "aws_kendra_index" "unknown_key_variable" {
  name     = "rag"
  role_arn = "arn:aws:iam::111122223333:role/kendra"
  server_side_encryption_configuration {
    kms_key_id = var.kms_key_arn
  }
}

# The Cloud Control provider: the same setting, an object
resource "awscc_kms_key" "rag" {
  description = "rag"
}

resource "awscc_kendra_index" "pass_awscc_cmk" {
  name     = "rag-cc"
  edition  = "ENTERPRISE_EDITION"
  role_arn = "arn:aws:iam::111122223333:role/kendra"
  server_side_encryption_configuration = {
    kms_key_id = awscc_kms_key.rag.arn
  }
}

resource "awscc_kendra_index" "fail_awscc_no_key" {
  name     = "rag-cc-default"
  edition  = "DEVELOPER_EDITION"
  role_arn = "arn:aws:iam::111122223333:role/kendra"
}
