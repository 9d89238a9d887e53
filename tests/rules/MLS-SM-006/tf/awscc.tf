# The Cloud Control provider (awscc): role_arn carries the same name; the role
# is followed when it is an aws_iam_role.
resource "awscc_sagemaker_notebook_instance" "pass_cc_scoped_role" {
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.scoped.arn
}

resource "awscc_sagemaker_notebook_instance" "fail_cc_inline_star" {
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.inline_star.arn
}

resource "awscc_sagemaker_notebook_instance" "fail_cc_admin_attached" {
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.admin_attached.arn
}

# A role declared with awscc_iam_role is not followed.
resource "awscc_iam_role" "cc_notebook" {
  role_name                   = "cc-notebook"
  assume_role_policy_document = local.sagemaker_trust
}

resource "awscc_sagemaker_notebook_instance" "unknown_cc_awscc_role" {
  instance_type = "ml.t3.medium"
  role_arn      = awscc_iam_role.cc_notebook.arn
}
