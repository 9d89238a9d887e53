resource "aws_iam_role" "nb" {
  name = "notebook"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

variable "internet_access" {
  type = string
}

resource "aws_sagemaker_notebook_instance" "pass_disabled" {
  name                   = "pass"
  role_arn               = aws_iam_role.nb.arn
  instance_type          = "ml.t3.medium"
  direct_internet_access = "Disabled"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
}

resource "aws_sagemaker_notebook_instance" "fail_default_enabled" {
  name          = "fail-absent"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "fail_enabled" {
  name                   = "fail-explicit"
  role_arn               = aws_iam_role.nb.arn
  instance_type          = "ml.t3.medium"
  direct_internet_access = "Enabled"
}

resource "aws_sagemaker_notebook_instance" "unknown_variable" {
  name                   = "unknown"
  role_arn               = aws_iam_role.nb.arn
  instance_type          = "ml.t3.medium"
  direct_internet_access = var.internet_access
}

resource "awscc_sagemaker_notebook_instance" "pass_awscc_disabled" {
  instance_type          = "ml.t3.medium"
  role_arn               = "arn:aws:iam::123456789012:role/sagemaker"
  direct_internet_access = "Disabled"
  subnet_id              = "subnet-0abc"
}

resource "awscc_sagemaker_notebook_instance" "fail_awscc_default" {
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"
}
