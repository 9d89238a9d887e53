variable "repo" {
  type = string
}

resource "aws_sagemaker_code_repository" "team" {
  code_repository_name = "team-notebooks"

  git_config {
    repository_url = "https://github.com/acme/notebooks.git"
  }
}

resource "aws_sagemaker_notebook_instance" "pass_no_repository" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "pass_managed_repository" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
  default_code_repository = aws_sagemaker_code_repository.team.code_repository_name
}

resource "aws_sagemaker_notebook_instance" "pass_codecommit" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
  default_code_repository = "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/notebooks"
}

resource "aws_sagemaker_notebook_instance" "fail_github_url" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
  default_code_repository = "https://github.com/someone/notebooks.git"
}

resource "aws_sagemaker_notebook_instance" "fail_additional_url" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
  additional_code_repositories = ["team-notebooks", "git@gitlab.com:someone/tools.git"]
}

resource "aws_sagemaker_notebook_instance" "unknown_repository_variable" {
  name          = "nb"
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
  default_code_repository = var.repo
}

resource "awscc_sagemaker_notebook_instance" "pass_awscc_no_repository" {
  role_arn      = "arn:aws:iam::111122223333:role/notebook"
  instance_type = "ml.t3.medium"
}

resource "awscc_sagemaker_notebook_instance" "fail_awscc_github_url" {
  role_arn                     = "arn:aws:iam::111122223333:role/notebook"
  instance_type                = "ml.t3.medium"
  additional_code_repositories = ["https://github.com/someone/notebooks.git"]
}
