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

# An s3 flow log must name a bucket ARN or reference a bucket.
resource "aws_vpc" "fail_s3_flow_log_bad_destination" {
  cidr_block = "10.3.0.0/16"
}

resource "aws_flow_log" "bad_destination" {
  vpc_id               = aws_vpc.fail_s3_flow_log_bad_destination.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "flow-logs"
}

resource "aws_s3_bucket" "flow" {
  bucket = "ml-flow-logs"
}

resource "aws_vpc" "pass_s3_flow_log_bucket_reference" {
  cidr_block = "10.4.0.0/16"
}

resource "aws_flow_log" "to_bucket" {
  vpc_id               = aws_vpc.pass_s3_flow_log_bucket_reference.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.flow.arn
}
