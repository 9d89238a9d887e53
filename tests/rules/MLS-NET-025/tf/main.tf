variable "client_cidr" {
  type = string
}

# MLflow's backend PostgreSQL open to the world
resource "aws_security_group" "fail_postgres_world" {
  name   = "mlflow-db"
  vpc_id = "vpc-1"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "pass_postgres_vpc" {
  name   = "mlflow-db-private"
  vpc_id = "vpc-1"
  ingress {
    from_port   = 5432
    to_port     = 5432
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

resource "aws_security_group_rule" "fail_mysql_ipv6" {
  type              = "ingress"
  security_group_id = "sg-1"
  from_port         = 3306
  to_port           = 3306
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
}

# a range that holds Redis's 6379
resource "aws_vpc_security_group_ingress_rule" "fail_range_with_redis" {
  security_group_id = "sg-1"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 6000
  to_port           = 6500
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "fail_all_traffic" {
  security_group_id = "sg-1"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "pass_opensearch_from_sg" {
  security_group_id            = "sg-1"
  referenced_security_group_id = "sg-2"
  from_port                    = 9200
  to_port                      = 9200
  ip_protocol                  = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "unknown_cidr" {
  security_group_id = "sg-1"
  cidr_ipv4         = var.client_cidr
  from_port         = 27017
  to_port           = 27017
  ip_protocol       = "tcp"
}
