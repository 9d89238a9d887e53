variable "cidr" {
  type = string
}

resource "aws_security_group" "pass_no_egress" {
  name   = "no-egress"
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_security_group" "pass_https_only" {
  name   = "https-only"
  vpc_id = "vpc-0123456789abcdef0"
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "fail_all_egress" {
  name   = "all-egress"
  vpc_id = "vpc-0123456789abcdef0"
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "fail_all_tcp_ipv6" {
  name   = "all-tcp-v6"
  vpc_id = "vpc-0123456789abcdef0"
  egress {
    from_port        = 0
    to_port          = 65535
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "unknown_cidr" {
  name   = "var-egress"
  vpc_id = "vpc-0123456789abcdef0"
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.cidr]
  }
}

resource "aws_security_group_rule" "fail_rule_all" {
  type              = "egress"
  security_group_id = aws_security_group.pass_no_egress.id
  from_port         = 0
  to_port           = 0
  protocol          = "all"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "pass_rule_ingress" {
  type              = "ingress"
  security_group_id = aws_security_group.pass_no_egress.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
}

resource "aws_vpc_security_group_egress_rule" "fail_vpc_rule_all" {
  security_group_id = aws_security_group.pass_no_egress.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_vpc_security_group_egress_rule" "pass_vpc_rule_private" {
  security_group_id = aws_security_group.pass_no_egress.id
  cidr_ipv4         = "10.0.0.0/8"
  ip_protocol       = "-1"
}

# Ports -1 to -1 mean every port (Checkov CKV_AWS_382 reads them so).
resource "aws_vpc_security_group_egress_rule" "fail_vpc_rule_minus_one_ports" {
  security_group_id = "sg-12345"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = -1
  to_port           = -1
}

# Protocol -1 allows all traffic whatever the ports (AWS ignores them).
resource "aws_security_group" "fail_all_protocols_narrow_ports" {
  name = "ml"
  egress {
    protocol    = "-1"
    from_port   = 20
    to_port     = 200
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "fail_egress_v6_zero_spelled" {
  name = "egress-v6"
  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    ipv6_cidr_blocks = ["0:0::/0"]
  }
}
