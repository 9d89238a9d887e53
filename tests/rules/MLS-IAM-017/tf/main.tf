data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "root_with_external_id" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::210987654321:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["ml-vendor-7f3a"]
    }
  }
}

data "aws_iam_policy_document" "root_plain" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::210987654321:role/ci", "arn:aws:iam::123456789012:root"]
    }
  }
}

resource "aws_iam_role" "pass_service" {
  name               = "sagemaker-exec"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role" "pass_named_role" {
  name               = "pipeline"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/ml-pipeline" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role" "pass_external_id" {
  name               = "vendor"
  assume_role_policy = data.aws_iam_policy_document.root_with_external_id.json
}

resource "aws_iam_role" "pass_mfa" {
  name = "break-glass"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{
    Effect = "Allow", Principal = { AWS = "123456789012" }, Action = "sts:AssumeRole"
    Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
  }] })
}

resource "aws_iam_role" "pass_principal_arn" {
  name = "scoped"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{
    Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole"
    Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::123456789012:role/ml-*" } }
  }] })
}

resource "aws_iam_role" "pass_deny" {
  name               = "deny"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role" "pass_tag_session_only" {
  name               = "tags"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "123456789012" }, Action = "sts:TagSession" }] })
}

resource "aws_iam_role" "fail_account_root" {
  name               = "notebook-admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role" "fail_account_id_in_list" {
  name               = "training"
  assume_role_policy = data.aws_iam_policy_document.root_plain.json
}

resource "aws_iam_role" "fail_empty_external_id" {
  name = "vendor-empty"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{
    Effect = "Allow", Principal = { AWS = "arn:aws-us-gov:iam::123456789012:root" }, Action = "sts:*"
    Condition = { StringEquals = { "sts:ExternalId" = "" } }
  }] })
}

resource "aws_iam_role" "fail_mfa_false" {
  name = "mfa-false"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{
    Effect = "Allow", Principal = { AWS = ["123456789012"] }, Action = ["sts:AssumeRole"]
    Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }
  }] })
}

resource "aws_iam_role" "fail_own_account_root_known_at_apply" {
  name               = "own-root"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "sts:AssumeRole" }] })
}

variable "trusted_principal" {
  type = string
}

resource "aws_iam_role" "unknown_principal_variable" {
  name               = "var"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = var.trusted_principal }, Action = "sts:AssumeRole" }] })
}

# A role of an account known only at apply: not the whole account.
resource "aws_iam_role" "pass_role_of_account_known_at_apply" {
  name               = "ci-role"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/ci" }, Action = "sts:AssumeRole" }] })
}

# The root, with the partition known only at apply as well.
data "aws_partition" "current" {}

resource "aws_iam_role" "fail_root_partition_and_account_known_at_apply" {
  name               = "root-part"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"] }, Action = "sts:AssumeRole" }] })
}
