resource "aws_vpc" "pass_with_flow_log" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "logged" {
  vpc_id               = aws_vpc.pass_with_flow_log.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs"
}

resource "aws_vpc" "fail_without_flow_log" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_vpc" "fail_flow_log_disabled_by_count" {
  cidr_block = "10.2.0.0/16"
}

resource "aws_flow_log" "not_deployed" {
  count                = 0
  vpc_id               = aws_vpc.fail_flow_log_disabled_by_count.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs"
}
