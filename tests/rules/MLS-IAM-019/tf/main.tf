variable "policy_arn" {
  type = string
}

resource "aws_iam_role" "pass_role_readonly" {
  name                = "ml"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
}

resource "aws_iam_role" "pass_role_without_policies" {
  name               = "ml-bare"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role" "fail_role_power_user" {
  name                = "ml-power"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/PowerUserAccess"]
}

resource "aws_iam_role_policy_attachment" "pass_admin_is_iam_009" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_user_policy_attachment" "fail_user_iam_full" {
  user       = "ml-engineer"
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}

data "aws_iam_policy" "iam_full" {
  name = "IAMFullAccess"
}

resource "aws_iam_group_policy_attachment" "fail_group_iam_full_by_name" {
  group      = "ml-platform"
  policy_arn = data.aws_iam_policy.iam_full.arn
}

data "aws_partition" "current" {}

resource "aws_iam_role_policy_attachment" "fail_power_user_any_partition" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/PowerUserAccess"
}

resource "aws_ssoadmin_managed_policy_attachment" "fail_sso_power_user" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  managed_policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-1"
}

resource "aws_iam_policy" "training" {
  name   = "training"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*" }] })
}

resource "aws_iam_role_policy_attachment" "pass_own_policy" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = aws_iam_policy.training.arn
}

resource "aws_iam_role_policy_attachment" "unknown_policy_arn" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = var.policy_arn
}
