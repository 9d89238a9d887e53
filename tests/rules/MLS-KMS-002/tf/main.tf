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

# Checkov CKV_AWS_33's first failing case: the heredoc's JSON has a
# trailing comma after the last statement. AWS's policy parser and the
# peers read it as the obvious policy, so policy decoding accepts it.
resource "aws_kms_key" "fail_heredoc_trailing_comma" {
  description = "ml"
  policy      = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::111122223333:root"
      },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "*"
      },
      "Action": "kms:*",
      "Resource": "*"
    },
  ]
}
POLICY
}

resource "aws_kms_key" "pass_heredoc_trailing_comma" {
  description = "ml"
  policy      = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root",},
      "Action": "kms:*",
      "Resource": "*",
    },
  ],
}
POLICY
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "pass_interpolated_account_root" {
  description = "ml"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

# A source-IP condition scopes it only when narrower than the internet.
resource "aws_kms_key" "pass_source_ip_office" {
  enable_key_rotation = true
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = ["kms:Decrypt"], Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } }]
  })
}

resource "aws_kms_key" "fail_source_ip_everywhere" {
  enable_key_rotation = true
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = ["kms:Decrypt"], Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "::/0" } } }]
  })
}
