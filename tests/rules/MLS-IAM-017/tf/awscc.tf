# The Cloud Control provider (awscc): the trust policy is
# assume_role_policy_document (CloudFormation's AssumeRolePolicyDocument).
variable "cc_trusted" {
  type = string
}

resource "awscc_iam_role" "fail_cc_account_id" {
  assume_role_policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "111122223333" }, Action = "sts:AssumeRole" }] })
}

resource "awscc_iam_role" "fail_cc_own_account_root" {
  assume_role_policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "sts:AssumeRole" }] })
}

resource "awscc_iam_role" "pass_cc_role_principal" {
  assume_role_policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/ml-pipeline" }, Action = "sts:AssumeRole" }] })
}

resource "awscc_iam_role" "pass_cc_root_with_external_id" {
  assume_role_policy_document = jsonencode({ Version = "2012-10-17", Statement = [{
    Effect    = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "sts:AssumeRole"
    Condition = { StringEquals = { "sts:ExternalId" = "ml-vendor-7f3a" } }
  }] })
}

resource "awscc_iam_role" "unknown_cc_principal" {
  assume_role_policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = var.cc_trusted }, Action = "sts:AssumeRole" }] })
}
