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
