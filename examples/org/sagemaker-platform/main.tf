locals {
  name_prefix = "acme-ml-${var.env}"
  is_prod     = var.env == "prod"
  account_id  = data.aws_caller_identity.current.account_id

  common_tags = merge(var.tags, {
    env  = var.env
    repo = "acme-ml/sagemaker-platform"
  })

  # Ports the notebook ENIs listen on (Jupyter, TensorBoard).
  notebook_ports = {
    jupyter     = 8888
    tensorboard = 6006
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------

resource "aws_kms_key" "ml" {
  description             = "${local.name_prefix} SageMaker volumes, model artifacts and Studio EFS"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = templatefile("${path.module}/templates/kms-key-policy.json.tftpl", {
    account_id = local.account_id
    partition  = data.aws_partition.current.partition
    user_role_arns = [
      aws_iam_role.sagemaker_execution.arn,
      aws_iam_role.notebook_scoped.arn,
      aws_iam_role.inference.arn,
    ]
  })
}

resource "aws_kms_alias" "ml" {
  name          = "alias/${local.name_prefix}-sagemaker"
  target_key_id = aws_kms_key.ml.key_id
}

# Key for the partner share. Rotation stays off until the partner's import
# job stops caching data keys (PLAT-388).
resource "aws_kms_key" "partner_share" {
  description             = "${local.name_prefix} partner dataset share"
  enable_key_rotation     = false
  deletion_window_in_days = 30
}

# ---------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------

resource "aws_security_group" "notebooks" {
  name        = "${local.name_prefix}-notebooks"
  description = "SageMaker notebook ENIs"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = local.notebook_ports
    content {
      description = ingress.key
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = var.notebook_ingress_cidrs
    }
  }

  egress {
    description = "HTTPS to the VPC endpoints"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }
}

resource "aws_security_group" "models" {
  name        = "${local.name_prefix}-models"
  description = "SageMaker model containers (no inbound)"
  vpc_id      = var.vpc_id

  egress {
    description = "HTTPS to the VPC endpoints"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }
}

# ---------------------------------------------------------------------------
# Notebook instances
# ---------------------------------------------------------------------------

# Created by hand in 2021 and imported. Kept until the research team moves
# to Studio.
resource "aws_sagemaker_notebook_instance" "research_sandbox" {
  name                = "research-sandbox"
  role_arn            = aws_iam_role.sagemaker_execution.arn
  instance_type       = "ml.t3.xlarge"
  platform_identifier = "notebook-al1-v1"
  volume_size         = 200

  tags = {
    owner = "research@acme.example"
  }

  lifecycle {
    ignore_changes = [volume_size]
  }
}

module "notebook_fraud" {
  source = "./modules/notebook"

  name               = "${local.name_prefix}-fraud-analysts"
  env                = var.env
  role_arn           = aws_iam_role.notebook_scoped.arn
  instance_type      = local.is_prod ? "ml.m5.xlarge" : "ml.t3.medium"
  kms_key_id         = aws_kms_key.ml.arn
  subnet_id          = var.private_subnet_ids[0]
  security_group_ids = [aws_security_group.notebooks.id]
  tags               = local.common_tags
}

module "notebook_forecasting" {
  source = "./modules/notebook"

  # Exploration box for the forecasting team. Always dev-grade, whatever
  # account it lands in.
  name                    = "acme-ml-forecasting-explore"
  env                     = "dev"
  role_arn                = aws_iam_role.sagemaker_execution.arn
  instance_type           = "ml.g4dn.xlarge"
  root_access             = "Enabled"
  imds_version            = "1"
  default_code_repository = "https://github.com/acme-ml-forecasting/notebooks.git"
  install_extras          = true
  idle_shutdown_minutes   = 0
  tags                    = local.common_tags
}
