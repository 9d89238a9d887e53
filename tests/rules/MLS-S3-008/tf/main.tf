variable "policy" {
  type = string
}

resource "aws_s3_bucket" "pass_data" {
  bucket = "training-data"
}

resource "aws_s3_bucket_policy" "pass_role_principal" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/training" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*" }]
  })
}

resource "aws_s3_bucket_policy" "pass_vpce_condition" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*", Condition = { StringEquals = { "aws:SourceVpce" = "vpce-0123456789abcdef0" } } }]
  })
}

resource "aws_s3_bucket_policy" "pass_deny_star" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::training-data/*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }]
  })
}

resource "aws_s3_bucket_policy" "fail_public_read" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*" }]
  })
}

resource "aws_s3_bucket_policy" "fail_aws_star" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = ["*"] }, Action = ["s3:GetObject", "s3:ListBucket"], Resource = ["arn:aws:s3:::training-data", "arn:aws:s3:::training-data/*"] }]
  })
}

resource "aws_s3_bucket_policy" "unknown_policy" {
  bucket = aws_s3_bucket.pass_data.id
  policy = var.policy
}

# Only conditions that limit who can match exempt a public statement.
resource "aws_s3_bucket_policy" "fail_condition_not_scoping" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*", Condition = { Bool = { "aws:SecureTransport" = "true" } } }]
  })
}

resource "aws_s3_bucket_policy" "fail_condition_any_account_arn" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*", Condition = { ArnEquals = { "aws:PrincipalArn" = "arn:aws:iam::*" } } }]
  })
}

resource "aws_s3_bucket_policy" "pass_condition_principal_arn" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*", Condition = { ArnEquals = { "aws:PrincipalArn" = "arn:aws:iam::111122223333:role/trainer" } } }]
  })
}

# The deprecated inline policy of aws_s3_bucket.
resource "aws_s3_bucket" "fail_inline_policy" {
  bucket = "inline"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::inline/*" }]
  })
}

# A source-IP condition scopes a public statement only when its ranges
# are narrower than the internet.
resource "aws_s3_bucket_policy" "pass_source_ip_office" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*", Condition = { IpAddress = { "aws:SourceIp" = ["203.0.113.0/24", "198.51.100.10/32"] } } }]
  })
}

resource "aws_s3_bucket_policy" "fail_source_ip_everywhere" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*", Condition = { IpAddress = { "aws:SourceIp" = "0.0.0.0/0" } } }]
  })
}

resource "aws_s3_bucket_policy" "fail_source_ip_two_halves" {
  bucket = aws_s3_bucket.pass_data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*", Condition = { IpAddress = { "aws:SourceIp" = ["0.0.0.0/1", "128.0.0.0/1", "::/0"] } } }]
  })
}
