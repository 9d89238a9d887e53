variable "cidr" {
  type = string
}

resource "aws_security_group" "pass_private_source" {
  name   = "pass-private-source"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_security_group" "pass_no_ingress" {
  name   = "pass-no-ingress"
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_security_group" "pass_single_port_world" {
  name   = "pass-single-port-world"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "fail_all_protocols" {
  name   = "fail-all-protocols"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "fail_all_tcp_ports" {
  name   = "fail-all-tcp-ports"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "fail_ipv6_all" {
  name   = "fail-ipv6-all"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "unknown_cidr" {
  name   = "unknown-cidr"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.cidr]
  }
}

resource "aws_security_group_rule" "fail_rule_world" {
  type              = "ingress"
  security_group_id = aws_security_group.pass_no_ingress.id
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "pass_rule_egress" {
  type              = "egress"
  security_group_id = aws_security_group.pass_no_ingress.id
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "pass_rule_sg_source" {
  type                     = "ingress"
  security_group_id        = aws_security_group.pass_no_ingress.id
  from_port                = 0
  to_port                  = 65535
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.pass_private_source.id
}

resource "aws_vpc_security_group_ingress_rule" "fail_vpc_rule_world" {
  security_group_id = aws_security_group.pass_no_ingress.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "pass_vpc_rule_private" {
  security_group_id = aws_security_group.pass_no_ingress.id
  cidr_ipv4         = "10.0.0.0/16"
  ip_protocol       = "-1"
}

# Ports -1 to -1 mean every port (Checkov CKV_AWS_277 reads them so).
resource "aws_vpc_security_group_ingress_rule" "fail_vpc_rule_minus_one_ports" {
  security_group_id = "sg-12345"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = -1
  to_port           = -1
}
