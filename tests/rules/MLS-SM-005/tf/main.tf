resource "aws_iam_role" "nb" {
  name = "notebook"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_sagemaker_notebook_instance" "pass_imdsv2" {
  name          = "pass"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
}

resource "aws_sagemaker_notebook_instance" "fail_no_imds_block" {
  name          = "fail-absent"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "fail_imdsv1" {
  name          = "fail"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "1"
  }
}

# awscc writes a nested object, not a block.
resource "awscc_sagemaker_notebook_instance" "pass_awscc_imdsv2" {
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"
  instance_metadata_service_configuration = {
    minimum_instance_metadata_service_version = "2"
  }
}

resource "awscc_sagemaker_notebook_instance" "fail_awscc_imds_default" {
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"
}
