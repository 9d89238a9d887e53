resource "aws_iam_role" "nb" {
  name = "notebook"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_sagemaker_notebook_instance" "pass_private_subnet" {
  name            = "pass"
  role_arn        = aws_iam_role.nb.arn
  instance_type   = "ml.t3.medium"
  subnet_id       = aws_subnet.private.id
  security_groups = ["sg-0123456789abcdef0"]
}

resource "aws_sagemaker_notebook_instance" "fail_no_subnet" {
  name          = "fail"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
}

resource "awscc_sagemaker_notebook_instance" "pass_awscc_subnet" {
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"
  subnet_id     = "subnet-0abc"
}

resource "awscc_sagemaker_notebook_instance" "fail_awscc_no_subnet" {
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"
}
