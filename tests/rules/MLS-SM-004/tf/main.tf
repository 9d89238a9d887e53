resource "aws_iam_role" "nb" {
  name = "notebook"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

variable "root_access" {
  type = string
}

resource "aws_sagemaker_notebook_instance" "pass_root_disabled" {
  name          = "pass"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  root_access   = "Disabled"
}

resource "aws_sagemaker_notebook_instance" "fail_default_root" {
  name          = "fail-absent"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "fail_root_enabled" {
  name          = "fail"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  root_access   = "Enabled"
}

resource "aws_sagemaker_notebook_instance" "unknown_root" {
  name          = "unknown"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  root_access   = var.root_access
}

resource "awscc_sagemaker_notebook_instance" "pass_awscc_root_disabled" {
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"
  root_access   = "Disabled"
}

resource "awscc_sagemaker_notebook_instance" "fail_awscc_root_default" {
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"
}
