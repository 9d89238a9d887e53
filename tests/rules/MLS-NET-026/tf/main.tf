variable "client_cidr" {
  type = string
}

# A GPU host's Docker daemon API open to the world
resource "aws_security_group" "fail_docker_api_world" {
  name   = "mlflow-db"
  vpc_id = "vpc-1"
  ingress {
    from_port   = 2375
    to_port     = 2375
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "pass_docker_api_vpc" {
  name   = "mlflow-db-private"
  vpc_id = "vpc-1"
  ingress {
    from_port   = 2375
    to_port     = 2375
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_security_group" "pass_https_world" {
  name   = "api"
  vpc_id = "vpc-1"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "fail_kubelet_ipv6" {
  type              = "ingress"
  security_group_id = "sg-1"
  from_port         = 10250
  to_port           = 10250
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
}

# a range that holds etcd's 2379
resource "aws_vpc_security_group_ingress_rule" "fail_range_with_etcd" {
  security_group_id = "sg-1"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 2300
  to_port           = 2400
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "fail_all_traffic" {
  security_group_id = "sg-1"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "pass_kubelet_from_sg" {
  security_group_id            = "sg-1"
  referenced_security_group_id = "sg-2"
  from_port                    = 10250
  to_port                      = 10250
  ip_protocol                  = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "unknown_cidr" {
  security_group_id = "sg-1"
  cidr_ipv4         = var.client_cidr
  from_port         = 2376
  to_port           = 2376
  ip_protocol       = "tcp"
}
