variable "public" {
  type = bool
}

resource "aws_instance" "pass_unset" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "g5.xlarge"
  subnet_id     = "subnet-private"
}

resource "aws_instance" "pass_false" {
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "g5.xlarge"
  associate_public_ip_address = false
}

resource "aws_instance" "fail_public" {
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "g5.xlarge"
  associate_public_ip_address = true
}

resource "aws_instance" "unknown_public" {
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "g5.xlarge"
  associate_public_ip_address = var.public
}

resource "aws_launch_template" "fail_template" {
  name_prefix = "gpu-"
  network_interfaces {
    device_index                = 0
    associate_public_ip_address = true
  }
}

resource "aws_launch_template" "pass_template" {
  name_prefix = "gpu-"
  network_interfaces {
    device_index                = 0
    associate_public_ip_address = false
  }
}

resource "aws_launch_configuration" "fail_config" {
  image_id                    = "ami-0123456789abcdef0"
  instance_type               = "g4dn.xlarge"
  associate_public_ip_address = true
}
