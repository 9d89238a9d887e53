resource "aws_secretsmanager_secret" "pass_no_policy" {
  name = "hf-token"
}

resource "aws_secretsmanager_secret_policy" "pass_role_principal" {
  secret_arn = aws_secretsmanager_secret.pass_no_policy.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/sagemaker-execution" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}

resource "aws_secretsmanager_secret_policy" "fail_star_principal" {
  secret_arn = aws_secretsmanager_secret.pass_no_policy.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}

resource "aws_secretsmanager_secret" "fail_inline_policy" {
  name = "openai-key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "secretsmanager:*"
      Resource  = "*"
    }]
  })
}

# A source-IP condition scopes it only when narrower than the internet.
resource "aws_secretsmanager_secret_policy" "pass_source_ip_office" {
  secret_arn = aws_secretsmanager_secret.pass_no_policy.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "secretsmanager:GetSecretValue", Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } }]
  })
}

resource "aws_secretsmanager_secret_policy" "fail_source_ip_everywhere" {
  secret_arn = aws_secretsmanager_secret.pass_no_policy.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "secretsmanager:GetSecretValue", Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "0.0.0.0/0" } } }]
  })
}
