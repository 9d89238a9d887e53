resource "aws_bedrock_custom_model" "pass_vpc" {
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
  vpc_config {
    security_group_ids = ["sg-0123456789abcdef0"]
    subnet_ids         = ["subnet-0123456789abcdef0"]
  }
}

resource "aws_bedrock_custom_model" "fail_no_vpc" {
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
