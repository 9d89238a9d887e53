resource "aws_kms_key" "ml" {
  description = "ml"
}

resource "aws_sns_topic" "pass_kms" {
  name              = "llm-async-results"
  kms_master_key_id = aws_kms_key.ml.arn
}

resource "aws_sns_topic" "pass_alias" {
  name              = "labeling-notifications"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic" "fail_no_key" {
  name = "llm-async-errors"
}

resource "aws_sns_topic" "fail_empty_key" {
  name              = "monitor-alarms"
  kms_master_key_id = ""
}

variable "topic_key" {
  type = string
}

resource "aws_sns_topic" "pass_key_from_variable" {
  name              = "pipeline-events"
  kms_master_key_id = var.topic_key
}

resource "awscc_sns_topic" "fail_awscc_no_key" {
  topic_name = "awscc-topic"
}
