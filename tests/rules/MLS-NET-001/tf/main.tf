variable "cidr" {
  type = string
}

resource "aws_security_group" "pass_private_source" {
  name   = "pass-private-source"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_security_group" "pass_no_ingress" {
  name   = "pass-no-ingress"
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_security_group" "pass_other_port_world" {
  name   = "pass-other-port-world"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "fail_world" {
  name   = "fail-world"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
}

resource "aws_security_group" "fail_range_contains_port" {
  name   = "fail-range-contains-port"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 17
    to_port     = 27
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

resource "aws_security_group" "fail_ipv6" {
  name   = "fail-ipv6"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "unknown_cidr" {
  name   = "unknown-cidr"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }
}

resource "aws_security_group" "pass_second_block_private" {
  name   = "pass-second-block-private"
  vpc_id = "vpc-0123456789abcdef0"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["172.16.0.0/12"]
  }
}

resource "aws_security_group_rule" "fail_rule_world" {
  type              = "ingress"
  security_group_id = aws_security_group.pass_no_ingress.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "pass_rule_egress" {
  type              = "egress"
  security_group_id = aws_security_group.pass_no_ingress.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "pass_rule_sg_source" {
  type                     = "ingress"
  security_group_id        = aws_security_group.pass_no_ingress.id
  from_port                = 22
  to_port                  = 22
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.pass_private_source.id
}

resource "aws_vpc_security_group_ingress_rule" "fail_vpc_rule_world" {
  security_group_id = aws_security_group.pass_no_ingress.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "fail_vpc_rule_ipv6" {
  security_group_id = aws_security_group.pass_no_ingress.id
  cidr_ipv6         = "::/0"
  from_port         = 17
  to_port           = 27
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "pass_vpc_rule_private" {
  security_group_id = aws_security_group.pass_no_ingress.id
  cidr_ipv4         = "10.0.0.0/16"
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}

# Port range 0-0 with tcp: the provider creates a port-0 rule (provider issue
# 27525), but authors write it meaning "all ports"; Checkov reads it that way.
resource "aws_security_group" "fail_tcp_zero_range" {
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "fail_udp" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "udp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-123456"
}

resource "aws_security_group" "fail_ipv6_long_form" {
  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    ipv6_cidr_blocks = ["0000:0000:0000:0000:0000:0000:0000:0000/0"]
  }
}

resource "aws_security_group_rule" "pass_icmp" {
  type              = "ingress"
  from_port         = 8
  to_port           = 0
  protocol          = "icmp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-123456"
}

# ::/0 written uncompressed (a KICS test spelling).
resource "aws_security_group" "fail_ipv6_uncompressed_any" {
  name = "ssh-v6"
  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    ipv6_cidr_blocks = ["0:0:0:0:0:0:0:0/0"]
  }
}

# Every /0 block is the whole internet, however its address is written.
resource "aws_security_group" "fail_v6_zero_spelled" {
  name = "v6"
  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    ipv6_cidr_blocks = ["0000::/0"]
  }
}

resource "aws_security_group" "fail_v4_host_bits_zero_prefix" {
  name = "v4"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["192.168.1.0/0"]
  }
}

resource "aws_security_group" "pass_v6_half" {
  name = "v6half"
  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    ipv6_cidr_blocks = ["2001:db8::/32"]
  }
}

variable "office_net" {
  type = string
}

# Known by its end: "/0" is every address whatever comes before it.
resource "aws_security_group" "fail_known_end_zero_prefix" {
  name = "end"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["${var.office_net}/0"]
  }
}

resource "aws_security_group" "pass_known_end_host" {
  name = "host"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["${var.office_net}/32"]
  }
}

# A dynamic block over an unknown for_each may make no rule at all.
variable "admin_rules" {
  type = list(object({ port = number }))
}

resource "aws_security_group" "unknown_dynamic_world" {
  name = "maybe-ssh"
  dynamic "ingress" {
    for_each = var.admin_rules
    content {
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

# ... and whether it does or not, this group is open.
resource "aws_security_group" "fail_static_world_beside_dynamic" {
  name = "ssh"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  dynamic "ingress" {
    for_each = var.admin_rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}
