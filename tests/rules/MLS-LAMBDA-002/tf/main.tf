variable "principal" {
  type = string
}

resource "aws_lambda_permission" "fail_anyone" {
  action        = "lambda:InvokeFunction"
  function_name = "rag-query"
  principal     = "*"
}

resource "aws_lambda_permission" "pass_service_scoped" {
  action        = "lambda:InvokeFunction"
  function_name = "rag-ingest"
  principal     = "s3.amazonaws.com"
  source_arn    = "arn:aws:s3:::documents"
}

resource "aws_lambda_permission" "pass_anyone_in_org" {
  action           = "lambda:InvokeFunction"
  function_name    = "rag-query"
  principal        = "*"
  principal_org_id = "o-abc123"
}

resource "aws_lambda_permission" "pass_anyone_from_account" {
  action         = "lambda:InvokeFunction"
  function_name  = "rag-query"
  principal      = "*"
  source_account = "111122223333"
}

# A public function URL's permission: MLS-LAMBDA-001 reports the URL.
resource "aws_lambda_permission" "none_public_url" {
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = "rag-query"
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "unknown_principal" {
  action        = "lambda:InvokeFunction"
  function_name = "rag-query"
  principal     = var.principal
}
