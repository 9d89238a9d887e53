# The Cloud Control provider (awscc): execution_role_arn carries the same
# name.
resource "awscc_sagemaker_model" "pass_cc_scoped_role" {
  execution_role_arn = aws_iam_role.scoped.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "fail_cc_inline_star" {
  execution_role_arn = aws_iam_role.inline_star.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

# execution_role_arn is optional in the awscc schema.
resource "awscc_sagemaker_model" "unknown_cc_no_role" {
  primary_container = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

# Roles declared with the Cloud Control provider (awscc_iam_role), read as
# CloudFormation's: inline policies, managed_policy_arns, and the policies
# that name the role.
variable "cc_policy" {
  type = string
}

locals {
  cc_star   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
  cc_scoped = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::models/*" }] })
}

resource "awscc_iam_managed_policy" "cc_scoped" {
  policy_document = local.cc_scoped
}

resource "awscc_iam_role" "cc_scoped" {
  role_name                   = "cc-scoped"
  assume_role_policy_document = local.sagemaker_trust
  policies                    = [{ policy_name = "read-models", policy_document = local.cc_scoped }]
  managed_policy_arns         = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", awscc_iam_managed_policy.cc_scoped.policy_arn]
}

resource "awscc_iam_role_policy" "cc_scoped_logs" {
  role_name       = awscc_iam_role.cc_scoped.role_name
  policy_name     = "logs"
  policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["logs:PutLogEvents"], Resource = "*" }] })
}

resource "awscc_iam_role" "cc_inline_star" {
  role_name                   = "cc-inline-star"
  assume_role_policy_document = local.sagemaker_trust
  policies                    = [{ policy_name = "everything", policy_document = local.cc_star }]
}

resource "awscc_iam_role" "cc_admin" {
  role_name                   = "cc-admin"
  assume_role_policy_document = local.sagemaker_trust
  managed_policy_arns         = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "awscc_iam_role" "cc_role_policy_star" {
  role_name                   = "cc-role-policy-star"
  assume_role_policy_document = local.sagemaker_trust
}

resource "awscc_iam_role_policy" "cc_star" {
  role_name       = awscc_iam_role.cc_role_policy_star.id
  policy_name     = "everything"
  policy_document = local.cc_star
}

resource "awscc_iam_managed_policy" "cc_star" {
  policy_document = <<-JSON
    {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}
  JSON
}

resource "awscc_iam_role" "cc_managed_policy_star" {
  role_name                   = "cc-managed-policy-star"
  assume_role_policy_document = local.sagemaker_trust
  managed_policy_arns         = [awscc_iam_managed_policy.cc_star.policy_arn]
}

# A managed policy that attaches itself to the role (roles = [...]).
resource "awscc_iam_role" "cc_named_by_managed_policy" {
  role_name                   = "cc-named-by-managed-policy"
  assume_role_policy_document = local.sagemaker_trust
}

resource "awscc_iam_managed_policy" "cc_star_for_roles" {
  policy_document = local.cc_star
  roles           = [awscc_iam_role.cc_named_by_managed_policy.role_name]
}

# The aws provider's attachment of an awscc role.
resource "awscc_iam_role" "cc_aws_attachment" {
  role_name                   = "cc-aws-attachment"
  assume_role_policy_document = local.sagemaker_trust
}

resource "aws_iam_role_policy_attachment" "cc_admin" {
  role       = awscc_iam_role.cc_aws_attachment.role_name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# The aws provider's role policy of an awscc role, and an aws_iam_policy
# named in managed_policy_arns.
resource "awscc_iam_role" "cc_aws_role_policy" {
  role_name                   = "cc-aws-role-policy"
  assume_role_policy_document = local.sagemaker_trust
}

resource "aws_iam_role_policy" "cc_star" {
  role   = awscc_iam_role.cc_aws_role_policy.id
  policy = local.cc_star
}

resource "aws_iam_policy" "cc_star" {
  name   = "cc-star"
  policy = local.cc_star
}

resource "awscc_iam_role" "cc_aws_policy_star" {
  role_name                   = "cc-aws-policy-star"
  assume_role_policy_document = local.sagemaker_trust
  managed_policy_arns         = [aws_iam_policy.cc_star.arn]
}

resource "awscc_iam_role" "cc_unknown_inline" {
  role_name                   = "cc-unknown-inline"
  assume_role_policy_document = local.sagemaker_trust
  policies                    = [{ policy_name = "given", policy_document = var.cc_policy }]
}

resource "awscc_sagemaker_model" "pass_cc_awscc_role_scoped" {
  execution_role_arn = awscc_iam_role.cc_scoped.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "fail_cc_awscc_role_inline_star" {
  execution_role_arn = awscc_iam_role.cc_inline_star.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "fail_cc_awscc_role_admin" {
  execution_role_arn = awscc_iam_role.cc_admin.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "fail_cc_awscc_role_policy_star" {
  execution_role_arn = awscc_iam_role.cc_role_policy_star.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "fail_cc_awscc_role_managed_policy_star" {
  execution_role_arn = awscc_iam_role.cc_managed_policy_star.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "fail_cc_awscc_role_named_by_managed_policy" {
  execution_role_arn = awscc_iam_role.cc_named_by_managed_policy.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "fail_cc_awscc_role_aws_attachment" {
  execution_role_arn = awscc_iam_role.cc_aws_attachment.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "fail_cc_awscc_role_aws_role_policy" {
  execution_role_arn = awscc_iam_role.cc_aws_role_policy.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "fail_cc_awscc_role_aws_policy_star" {
  execution_role_arn = awscc_iam_role.cc_aws_policy_star.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

resource "awscc_sagemaker_model" "unknown_cc_awscc_role_inline_variable" {
  execution_role_arn = awscc_iam_role.cc_unknown_inline.arn
  primary_container  = { image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1" }
}

# The aws provider's aws_sagemaker_model follows an awscc_iam_role too.
resource "aws_sagemaker_model" "pass_awscc_role_scoped" {
  name               = "pass-awscc-role-scoped"
  execution_role_arn = awscc_iam_role.cc_scoped.arn

  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1"
  }
}

resource "aws_sagemaker_model" "fail_awscc_role_inline_star" {
  name               = "fail-awscc-role-inline-star"
  execution_role_arn = awscc_iam_role.cc_inline_star.arn

  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1"
  }
}
