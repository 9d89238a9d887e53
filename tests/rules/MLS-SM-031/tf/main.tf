variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_sagemaker_flow_definition" "pass_key" {
  flow_definition_name = "review"
  role_arn             = "arn:aws:iam::111122223333:role/a2i"

  human_loop_config {
    human_task_ui_arn                     = "arn:aws:sagemaker:us-east-1:111122223333:human-task-ui/review"
    task_availability_lifetime_in_seconds = 3600
    task_count                            = 1
    task_description                      = "review"
    task_title                            = "review"
    workteam_arn                          = "arn:aws:sagemaker:us-east-1:111122223333:workteam/private-crowd/team"
  }
  output_config {
    s3_output_path = "s3://a2i/out"
    kms_key_id     = aws_kms_key.ml.arn
  }
}

resource "aws_sagemaker_flow_definition" "fail_no_key" {
  flow_definition_name = "review"
  role_arn             = "arn:aws:iam::111122223333:role/a2i"

  human_loop_config {
    human_task_ui_arn                     = "arn:aws:sagemaker:us-east-1:111122223333:human-task-ui/review"
    task_availability_lifetime_in_seconds = 3600
    task_count                            = 1
    task_description                      = "review"
    task_title                            = "review"
    workteam_arn                          = "arn:aws:sagemaker:us-east-1:111122223333:workteam/private-crowd/team"
  }
  output_config {
    s3_output_path = "s3://a2i/out"
  }
}

resource "aws_sagemaker_flow_definition" "unknown_key_variable" {
  flow_definition_name = "review"
  role_arn             = "arn:aws:iam::111122223333:role/a2i"

  human_loop_config {
    human_task_ui_arn                     = "arn:aws:sagemaker:us-east-1:111122223333:human-task-ui/review"
    task_availability_lifetime_in_seconds = 3600
    task_count                            = 1
    task_description                      = "review"
    task_title                            = "review"
    workteam_arn                          = "arn:aws:sagemaker:us-east-1:111122223333:workteam/private-crowd/team"
  }
  output_config {
    s3_output_path = "s3://a2i/out"
    kms_key_id     = var.kms_key_arn
  }
}
