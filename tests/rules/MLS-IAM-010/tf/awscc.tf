# The Cloud Control provider (awscc): the trust policy is
# assume_role_policy_document (CloudFormation's AssumeRolePolicyDocument).
variable "cc_trust" {
  type = string
}

resource "awscc_iam_role" "fail_cc_any_principal" {
  assume_role_policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })
}

resource "awscc_iam_role" "fail_cc_not_principal" {
  assume_role_policy_document = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/blocked"},
    "Action": "sts:AssumeRole"
  }]
}
EOT
}

resource "awscc_iam_role" "pass_cc_service" {
  assume_role_policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "awscc_iam_role" "pass_cc_any_principal_of_the_org" {
  assume_role_policy_document = jsonencode({ Version = "2012-10-17", Statement = [{
    Effect    = "Allow", Principal = "*", Action = "sts:AssumeRole"
    Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123def4" } }
  }] })
}

resource "awscc_iam_role" "unknown_cc_trust" {
  assume_role_policy_document = var.cc_trust
}
