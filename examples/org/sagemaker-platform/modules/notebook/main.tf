locals {
  lifecycle_vars = {
    install_extras        = var.install_extras
    utils_version         = "0.14.2"
    idle_shutdown_minutes = var.idle_shutdown_minutes
  }
}

resource "aws_sagemaker_notebook_instance_lifecycle_configuration" "this" {
  name     = "${var.name}-on-start"
  on_start = base64encode(templatefile("${path.module}/scripts/on-start.sh.tftpl", local.lifecycle_vars))
}

resource "aws_sagemaker_notebook_instance" "this" {
  name                  = var.name
  role_arn              = var.role_arn
  instance_type         = var.instance_type
  platform_identifier   = var.platform_identifier
  volume_size           = var.volume_size
  lifecycle_config_name = aws_sagemaker_notebook_instance_lifecycle_configuration.this.name

  # Only prod notebooks are locked into the VPC: dev ones need pip and conda
  # and the dev account has no NAT gateway yet.
  direct_internet_access = var.env == "prod" ? "Disabled" : "Enabled"
  root_access            = var.root_access

  kms_key_id      = var.kms_key_id
  subnet_id       = var.subnet_id
  security_groups = var.security_group_ids

  default_code_repository = var.default_code_repository

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = var.imds_version
  }

  tags = merge(var.tags, {
    notebook = var.name
  })
}
