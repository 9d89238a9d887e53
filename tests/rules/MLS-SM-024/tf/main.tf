variable "url" {
  type = string
}

resource "aws_sagemaker_code_repository" "pass_https" {
  code_repository_name = "repo"
  git_config {
    repository_url = "https://github.com/acme/notebooks.git"
  }
}

resource "aws_sagemaker_code_repository" "fail_plain_git" {
  code_repository_name = "repo"
  git_config {
    repository_url = "git://example.com/acme/notebooks.git"
  }
}

resource "aws_sagemaker_code_repository" "fail_http" {
  code_repository_name = "repo"
  git_config {
    repository_url = "http://git.example.com/acme/notebooks.git"
  }
}

resource "aws_sagemaker_code_repository" "fail_no_git_config" {
  code_repository_name = "repo"
}

resource "aws_sagemaker_code_repository" "unknown_url" {
  code_repository_name = "repo"
  git_config {
    repository_url = var.url
  }
}
