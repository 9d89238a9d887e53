resource "aws_default_security_group" "pass_no_rules" {
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_default_security_group" "fail_self_ingress" {
  vpc_id = "vpc-0fedcba9876543210"
  ingress {
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }
}

resource "aws_default_security_group" "fail_egress" {
  vpc_id = "vpc-0aaaaaaaaaaaaaaaa"
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
