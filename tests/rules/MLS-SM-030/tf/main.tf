variable "platform" {
  type = string
}

resource "aws_sagemaker_notebook_instance" "pass_al2_v3" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
  platform_identifier = "notebook-al2-v3"
}

resource "aws_sagemaker_notebook_instance" "pass_default_platform" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "fail_al1" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
  platform_identifier = "notebook-al1-v1"
}

resource "aws_sagemaker_notebook_instance" "fail_al2_jupyterlab1" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
  platform_identifier = "notebook-al2-v1"
}

resource "aws_sagemaker_notebook_instance" "unknown_platform" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
  platform_identifier = var.platform
}

resource "awscc_sagemaker_notebook_instance" "pass_awscc_al2_v3" {
  role_arn            = "arn:aws:iam::111122223333:role/notebook"
  instance_type       = "ml.t3.medium"
  platform_identifier = "notebook-al2-v3"
}

resource "awscc_sagemaker_notebook_instance" "fail_awscc_al1" {
  role_arn            = "arn:aws:iam::111122223333:role/notebook"
  instance_type       = "ml.t3.medium"
  platform_identifier = "notebook-al1-v1"
}
