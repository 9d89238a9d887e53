# The Cloud Control provider (awscc): the key policy is key_policy.
variable "awscc_principal" {
  type = string
}

data "aws_caller_identity" "awscc" {}

# No key_policy: the default key policy, which names the account.
resource "awscc_kms_key" "pass_awscc_default_policy" {
  enable_key_rotation = true
}

resource "awscc_kms_key" "pass_awscc_account_root" {
  key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.awscc.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "awscc_kms_key" "pass_awscc_caller_account" {
  key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["kms:Decrypt", "kms:DescribeKey"]
      Resource  = "*"
      Condition = { StringEquals = { "kms:CallerAccount" = "123456789012" } }
    }]
  })
}

resource "awscc_kms_key" "fail_awscc_star_principal" {
  key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "kms:Decrypt"
        Resource  = "*"
      },
    ]
  })
}

resource "awscc_kms_key" "fail_awscc_secure_transport_only" {
  key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = ["*"] }
      Action    = "kms:*"
      Resource  = "*"
      Condition = { Bool = { "aws:SecureTransport" = "true" } }
    }]
  })
}

resource "awscc_kms_key" "unknown_awscc_principal" {
  key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.awscc_principal }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
