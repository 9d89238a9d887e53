resource "aws_kms_key" "logs" {
  description = "logs"
}

resource "aws_cloudwatch_log_group" "pass_kms" {
  name              = "/aws/sagemaker/TrainingJobs"
  kms_key_id        = aws_kms_key.logs.arn
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "fail_no_key" {
  name              = "/aws/sagemaker/Endpoints/llm"
  retention_in_days = 365
}
