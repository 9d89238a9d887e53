variable "trust" {
  type = string
}

resource "aws_iam_role" "pass_service_trust" {
  name               = "ml"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role" "pass_org_condition" {
  name = "org"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole", Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } } }]
  })
}

resource "aws_iam_role" "fail_anyone" {
  name = "anyone"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]
  })
}

data "aws_iam_policy_document" "star" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_role" "fail_document_star" {
  name               = "document-star"
  assume_role_policy = data.aws_iam_policy_document.star.json
}

resource "aws_iam_role" "unknown_trust" {
  name               = "unknown"
  assume_role_policy = var.trust
}

# sts:ExternalId does not limit who can match.
resource "aws_iam_role" "fail_external_id_only" {
  name = "external-id"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole", Condition = { StringEquals = { "sts:ExternalId" = "shared" } } }]
  })
}

data "aws_iam_policy_document" "all_but" {
  statement {
    actions = ["sts:AssumeRole"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:role/blocked"]
    }
  }
}

resource "aws_iam_role" "fail_not_principal_document" {
  name               = "all-but"
  assume_role_policy = data.aws_iam_policy_document.all_but.json
}

resource "aws_iam_role" "pass_deny_not_principal" {
  name = "deny-not-principal"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" },
    { Effect = "Deny", NotPrincipal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" },
  ] })
}

# A source-IP condition scopes it only when narrower than the internet.
resource "aws_iam_role" "pass_source_ip_office" {
  name = "office"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } }]
  })
}

resource "aws_iam_role" "fail_source_ip_everywhere" {
  name = "everywhere"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole", Condition = { IpAddress = { "aws:SourceIp" = ["0.0.0.0/1", "128.0.0.0/1"] } } }]
  })
}
