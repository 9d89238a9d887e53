module "net" {
  source = "./modules/net"
  cidr   = var.cidr
}

module "remote" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

resource "aws_s3_bucket" "b" {
  bucket = "x"
}
