variable "days" {
  type = number
}

resource "aws_cloudwatch_log_group" "pass_one_year" {
  name              = "/aws/sagemaker/TrainingJobs"
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "fail_absent" {
  name = "/aws/sagemaker/Endpoints/llm"
}

resource "aws_cloudwatch_log_group" "fail_zero_never_expire" {
  name              = "/aws/sagemaker/ProcessingJobs"
  retention_in_days = 0
}

resource "aws_cloudwatch_log_group" "unknown_variable" {
  name              = "/aws/sagemaker/NotebookInstances"
  retention_in_days = var.days
}
