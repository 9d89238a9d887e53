resource "aws_iam_role" "nb" {
  name = "notebook"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

variable "notebook_key_arn" {
  type = string
}

resource "aws_kms_key" "nb" {
  enable_key_rotation = true
}

resource "aws_sagemaker_notebook_instance" "pass_key_reference" {
  name          = "pass-ref"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  kms_key_id    = aws_kms_key.nb.arn
}

resource "aws_sagemaker_notebook_instance" "pass_literal_key_arn" {
  name          = "pass-literal"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  kms_key_id    = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_sagemaker_notebook_instance" "fail_no_key" {
  name          = "fail-absent"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "fail_empty_key" {
  name          = "fail-empty"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  kms_key_id    = ""
}

resource "aws_sagemaker_notebook_instance" "fail_aws_managed_alias" {
  name          = "fail-aws-alias"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  kms_key_id    = "alias/aws/sagemaker"
}

resource "aws_sagemaker_notebook_instance" "unknown_key_variable" {
  name          = "unknown"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  kms_key_id    = var.notebook_key_arn
}

# A key looked up by an AWS-managed alias is AWS's key, whatever attribute
# names it; one looked up by the account's own alias is the customer's.
data "aws_kms_key" "aws_sagemaker" {
  key_id = "alias/aws/sagemaker"
}

data "aws_kms_key" "own" {
  key_id = "alias/ml-notebooks"
}

resource "aws_sagemaker_notebook_instance" "fail_aws_managed_key_lookup" {
  name          = "fail-aws-lookup"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  kms_key_id    = data.aws_kms_key.aws_sagemaker.arn
}

resource "aws_sagemaker_notebook_instance" "pass_own_key_lookup" {
  name          = "pass-own-lookup"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  kms_key_id    = data.aws_kms_key.own.arn
}

# The Cloud Control provider (awscc) writes the same attributes.
resource "awscc_kms_key" "notebooks" {
  enable_key_rotation = true
}

resource "awscc_sagemaker_notebook_instance" "pass_awscc_key" {
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"
  kms_key_id    = awscc_kms_key.notebooks.arn
}

resource "awscc_sagemaker_notebook_instance" "fail_awscc_no_key" {
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"
}
