resource "aws_kms_key" "ml" {
  description = "ml"
}

resource "aws_sqs_queue" "pass_kms" {
  name              = "batch-inference-requests"
  kms_master_key_id = aws_kms_key.ml.arn
}

resource "aws_sqs_queue" "pass_sse_sqs" {
  name                    = "training-triggers"
  sqs_managed_sse_enabled = true
}

# Neither attribute: AWS encrypts the queue with SSE-SQS.
resource "aws_sqs_queue" "pass_default_sse_sqs" {
  name = "feature-refresh"
}

resource "aws_sqs_queue" "fail_sse_off" {
  name                    = "plaintext-queue"
  sqs_managed_sse_enabled = false
}

resource "aws_sqs_queue" "pass_kms_with_sse_sqs_off" {
  name                    = "kms-queue"
  kms_master_key_id       = aws_kms_key.ml.arn
  sqs_managed_sse_enabled = false
}

variable "sse" {
  type = bool
}

resource "aws_sqs_queue" "unknown_sse_from_variable" {
  name                    = "var-queue"
  sqs_managed_sse_enabled = var.sse
}

resource "awscc_sqs_queue" "fail_awscc_sse_off" {
  queue_name              = "awscc-queue"
  sqs_managed_sse_enabled = false
}
