variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_bedrock_custom_model" "pass_key" {
  custom_model_name     = "support-ft"
  job_name              = "support-ft-1"
  base_model_identifier = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
  role_arn              = "arn:aws:iam::111122223333:role/customization"
  hyperparameters = {
    epochCount = "1"
  }

  output_data_config {
    s3_uri = "s3://ft-output/support/"
  }

  training_data_config {
    s3_uri = "s3://training-data/support/train.jsonl"
  }
  custom_model_kms_key_id = aws_kms_key.ml.arn
}

resource "aws_bedrock_custom_model" "fail_no_key" {
  custom_model_name     = "support-ft"
  job_name              = "support-ft-1"
  base_model_identifier = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
  role_arn              = "arn:aws:iam::111122223333:role/customization"
  hyperparameters = {
    epochCount = "1"
  }

  output_data_config {
    s3_uri = "s3://ft-output/support/"
  }

  training_data_config {
    s3_uri = "s3://training-data/support/train.jsonl"
  }
}

resource "aws_bedrock_custom_model" "unknown_key_variable" {
  custom_model_name     = "support-ft"
  job_name              = "support-ft-1"
  base_model_identifier = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
  role_arn              = "arn:aws:iam::111122223333:role/customization"
  hyperparameters = {
    epochCount = "1"
  }

  output_data_config {
    s3_uri = "s3://ft-output/support/"
  }

  training_data_config {
    s3_uri = "s3://training-data/support/train.jsonl"
  }
  custom_model_kms_key_id = var.kms_key_arn
}
