# Left over from the 2022 migration to the sagemaker-platform repo. CI for
# this repo was switched off, which is how the broken block below got merged.

provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "notebook_backups" {
  bucket = "acme-ml-notebook-backups"
}

resource "aws_sagemaker_notebook_instance" "ml_ops" {
  name          = "ml-ops-legacy"
  role_arn      = "arn:aws:iam::111122223333:role/ml-ops-legacy"
  instance_type = "ml.t2.medium"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "1"

  tags = {
    team = "ml-ops"
  }
}

resource "aws_sagemaker_notebook_instance" "reporting" {
  name                   = "reporting-legacy"
  role_arn               = "arn:aws:iam::111122223333:role/ml-ops-legacy"
  instance_type          = "ml.t2.medium"
  direct_internet_access = "Enabled"
}
