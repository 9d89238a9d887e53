variable "policy" {
  type = string
}

resource "aws_kms_key" "pass_account_root" {
  enable_key_rotation = true
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]
  })
}

resource "aws_kms_key" "pass_default_policy" {
  enable_key_rotation = true
}

resource "aws_kms_key" "pass_caller_account_condition" {
  enable_key_rotation = true
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = ["kms:Decrypt"], Resource = "*", Condition = { StringEquals = { "kms:CallerAccount" = "111122223333" } } }]
  })
}

resource "aws_kms_key" "fail_anyone" {
  enable_key_rotation = true
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "kms:*", Resource = "*" }]
  })
}

resource "aws_kms_key" "pass_key_policy_set_separately" {
  enable_key_rotation = true
}

resource "aws_kms_key_policy" "fail_separate_policy" {
  key_id = aws_kms_key.pass_key_policy_set_separately.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = ["*"] }, Action = "kms:Decrypt", Resource = "*" }]
  })
}

resource "aws_kms_key" "unknown_policy" {
  enable_key_rotation = true
  policy              = var.policy
}

resource "aws_kms_key" "fail_principal_list_wildcard" {
  description = "ml"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = ["foo", "*"]
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
