variable "policy_arn" {
  type = string
}

resource "aws_iam_role" "pass_role_readonly" {
  name                = "ml"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
}

resource "aws_iam_role" "fail_role_managed_admin" {
  name                = "ml-admin"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role_policy_attachment" "pass_readonly_attachment" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"
}

resource "aws_iam_role_policy_attachment" "fail_admin_attachment" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_user_policy_attachment" "fail_user_admin" {
  user       = "ci-deployer"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "unknown_policy_arn" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = var.policy_arn
}

resource "aws_ssoadmin_managed_policy_attachment" "fail_sso_admin" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-1"
}

resource "aws_ssoadmin_managed_policy_attachment" "pass_sso_readonly" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  managed_policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-1"
}

# The AWS-managed policy looked up by name: its ARN is the same in every
# account, so the attachment is known to grant administrator access.
data "aws_iam_policy" "admin" {
  name = "AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "fail_admin_by_name" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = data.aws_iam_policy.admin.arn
}

# A policy of the account's own, by name: its ARN names the account, which
# the configuration does not say, but it ends with "/ml-deployer": not
# AdministratorAccess.
data "aws_iam_policy" "own" {
  name = "ml-deployer"
}

resource "aws_iam_role_policy_attachment" "pass_own_policy_by_name" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = data.aws_iam_policy.own.arn
}

# Narrowed by path: not a lookup by name alone.
data "aws_iam_policy" "admin_under_path" {
  name        = "AdministratorAccess"
  path_prefix = "/team/"
}

resource "aws_iam_role_policy_attachment" "unknown_admin_under_path" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = data.aws_iam_policy.admin_under_path.arn
}

# Built from the partition: whatever it is, the policy is the one named.
data "aws_partition" "current" {}

resource "aws_iam_role_policy_attachment" "fail_admin_any_partition" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "pass_readonly_any_partition" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = format("arn:%s:iam::aws:policy/ReadOnlyAccess", data.aws_partition.current.partition)
}

# A policy this configuration creates: the account's own, whatever its
# ARN turns out to be.
resource "aws_iam_policy" "training" {
  name   = "training"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::training-data/*" }] })
}

resource "aws_iam_role_policy_attachment" "pass_own_policy_resource" {
  role       = aws_iam_role.pass_role_readonly.name
  policy_arn = aws_iam_policy.training.arn
}

resource "aws_iam_role" "pass_role_own_managed_policy" {
  name                = "ml-own"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", aws_iam_policy.training.arn]
}

resource "aws_iam_role" "fail_role_own_and_admin" {
  name                = "ml-own-admin"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = [aws_iam_policy.training.arn, "arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "unknown_role_policy_variable" {
  name                = "ml-var"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns = [aws_iam_policy.training.arn, var.policy_arn]
}
