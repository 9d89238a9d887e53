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

# A rule attached as a separate resource counts like an inline block.
resource "aws_default_security_group" "fail_attached_rule" {
  vpc_id = "vpc-0bbbbbbbbbbbbbbbb"
}

resource "aws_vpc_security_group_ingress_rule" "attached" {
  security_group_id = aws_default_security_group.fail_attached_rule.id
  cidr_ipv4         = "10.0.0.0/8"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

# A VPC of the module is judged with its default group (CKV2_AWS_12).
resource "aws_vpc" "pass_managed_default" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_default_security_group" "none_managed_default_group" {
  vpc_id = aws_vpc.pass_managed_default.id
}

# No aws_default_security_group: the stock allow-all rules stay.
resource "aws_vpc" "fail_unmanaged_default" {
  cidr_block = "10.2.0.0/16"
}

resource "aws_vpc" "fail_default_with_rule" {
  cidr_block = "10.3.0.0/16"
}

# Reported on its VPC above, not twice.
resource "aws_default_security_group" "none_reported_on_vpc" {
  vpc_id = aws_vpc.fail_default_with_rule.id
}

resource "aws_security_group_rule" "on_default" {
  type              = "egress"
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_default_security_group.none_reported_on_vpc.id
}

# A VPC looked up, not declared: its default group is judged itself.
data "aws_vpc" "existing" {
  id = "vpc-0123456789abcdef0"
}

resource "aws_default_security_group" "fail_existing_vpc_open" {
  vpc_id = data.aws_vpc.existing.id
  ingress {
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }
}
