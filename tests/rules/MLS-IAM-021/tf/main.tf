variable "trust" {
  type = string
}

variable "trust_action" {
  type = string
}

resource "aws_iam_role" "pass_assume_role" {
  name               = "ml"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role" "pass_two_actions" {
  name = "tagged"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = ["sts:AssumeRole", "sts:TagSession"] }]
  })
}

resource "aws_iam_role" "fail_star" {
  name = "star"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "*" }]
  })
}

resource "aws_iam_role" "fail_sts_star_upper" {
  name = "sts-star"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Principal = { Service = "sagemaker.amazonaws.com" }, Action = ["sts:AssumeRole", "STS:*"] }]
  })
}

data "aws_iam_policy_document" "star" {
  statement {
    actions = ["sts:*"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "fail_document_sts_star" {
  name               = "document-star"
  assume_role_policy = data.aws_iam_policy_document.star.json
}

resource "aws_iam_role" "pass_deny_star" {
  name = "deny-star"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" },
    { Effect = "Deny", Principal = { AWS = "*" }, Action = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } },
  ] })
}

resource "aws_iam_role" "unknown_trust" {
  name               = "unknown"
  assume_role_policy = var.trust
}

resource "aws_iam_role" "unknown_action" {
  name = "unknown-action"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = var.trust_action }]
  })
}

resource "awscc_iam_role" "fail_awscc_star" {
  assume_role_policy_document = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "*" }]
  })
}

resource "awscc_iam_role" "pass_awscc" {
  assume_role_policy_document = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
