module "net" {
  source = "./modules/net"
  cidr   = var.cidofpion = "5.0.0"
}

resource "aws_s3_bucket" "b" {
  bucket = "x"
}
