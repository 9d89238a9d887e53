terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }

  backend "s3" {
    bucket         = "acme-ml-terraform-state"
    key            = "sagemaker-platform/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "acme-ml-terraform-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.common_tags
  }
}
