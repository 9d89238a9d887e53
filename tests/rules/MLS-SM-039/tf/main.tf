locals {
  trust = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  lifecycle = {
    source_s3_uri = "s3://lifecycle/config/"
    on_create     = "on_create.sh"
  }
}

resource "aws_iam_role" "scoped" {
  name               = "hyperpod-scoped"
  assume_role_policy = local.trust
  inline_policy {
    name = "lifecycle"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:ListBucket"], Resource = "arn:aws:s3:::lifecycle/*" }]
    })
  }
}

resource "aws_iam_role" "admin_inline" {
  name               = "hyperpod-admin"
  assume_role_policy = local.trust
  inline_policy {
    name = "all"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
    })
  }
}

resource "aws_iam_role" "admin_attached" {
  name               = "hyperpod-admin-attached"
  assume_role_policy = local.trust
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin_attached.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "awscc_sagemaker_cluster" "pass_scoped" {
  cluster_name = "train-a"
  instance_groups = [{
    execution_role      = aws_iam_role.scoped.arn
    instance_count      = 2
    instance_group_name = "workers"
    instance_type       = "ml.p5.48xlarge"
    life_cycle_config   = local.lifecycle
  }]
}

resource "awscc_sagemaker_cluster" "fail_admin_inline" {
  cluster_name = "train-b"
  instance_groups = [{
    execution_role      = aws_iam_role.admin_inline.arn
    instance_count      = 2
    instance_group_name = "workers"
    instance_type       = "ml.p5.48xlarge"
    life_cycle_config   = local.lifecycle
  }]
}

resource "awscc_sagemaker_cluster" "fail_second_group" {
  cluster_name = "train-c"
  instance_groups = [
    {
      execution_role      = aws_iam_role.scoped.arn
      instance_count      = 1
      instance_group_name = "controller"
      instance_type       = "ml.m5.xlarge"
      life_cycle_config   = local.lifecycle
    },
    {
      execution_role      = aws_iam_role.admin_attached.arn
      instance_count      = 8
      instance_group_name = "workers"
      instance_type       = "ml.p5.48xlarge"
      life_cycle_config   = local.lifecycle
    },
  ]
}

resource "awscc_sagemaker_cluster" "unknown_literal_role" {
  cluster_name = "train-d"
  instance_groups = [{
    execution_role      = "arn:aws:iam::123456789012:role/hyperpod"
    instance_count      = 2
    instance_group_name = "workers"
    instance_type       = "ml.p5.48xlarge"
    life_cycle_config   = local.lifecycle
  }]
}
