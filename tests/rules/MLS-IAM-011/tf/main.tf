resource "aws_iam_role" "pass_scoped_ml_role" {
  name               = "training"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy_attachment" "scoped" {
  role       = aws_iam_role.pass_scoped_ml_role.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_role" "fail_sagemaker_full_access" {
  name               = "notebook"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy_attachment" "full" {
  role       = aws_iam_role.fail_sagemaker_full_access.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
}

resource "aws_iam_role" "fail_bedrock_agent_admin" {
  name = "agent"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = ["bedrock.amazonaws.com"] }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "pass_not_an_ml_role" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"]
}

data "aws_iam_policy" "sagemaker_full" {
  name = "AmazonSageMakerFullAccess"
}

resource "aws_iam_role" "fail_full_access_by_name" {
  name               = "studio"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy_attachment" "full_by_name" {
  role       = aws_iam_role.fail_full_access_by_name.name
  policy_arn = data.aws_iam_policy.sagemaker_full.arn
}

# Its only attachment is a policy this configuration creates: the
# account's own, not a full-access AWS-managed one.
resource "aws_iam_policy" "inference" {
  name   = "inference"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::models/*" }] })
}

resource "aws_iam_role" "pass_own_policy_attached" {
  name               = "ml-inference"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy_attachment" "own" {
  role       = aws_iam_role.pass_own_policy_attached.name
  policy_arn = aws_iam_policy.inference.arn
}

resource "aws_iam_role" "pass_own_policy_listed" {
  name                = "ml-listed"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = [aws_iam_policy.inference.arn]
}

# aws_iam_policy_attachment: one policy for roles, users and groups.
resource "aws_iam_role" "fail_policy_attachment" {
  name = "sm-policy-attachment"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
    }]
  })
}

resource "aws_iam_policy_attachment" "full" {
  name       = "sm-full"
  roles      = [aws_iam_role.fail_policy_attachment.name]
  policy_arn = "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
}

resource "aws_iam_role" "pass_policy_attachment_scoped" {
  name = "sm-policy-attachment-scoped"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
    }]
  })
}

resource "aws_iam_policy_attachment" "readonly" {
  name       = "sm-readonly"
  roles      = [aws_iam_role.pass_policy_attachment_scoped.name]
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}
