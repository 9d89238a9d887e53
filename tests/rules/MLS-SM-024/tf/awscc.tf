# The Cloud Control provider (awscc): git_config is an object with the same
# repository_url.
resource "awscc_sagemaker_code_repository" "pass_cc_https" {
  code_repository_name = "cc-repo"
  git_config = {
    repository_url = "https://github.com/acme/notebooks.git"
  }
}

resource "awscc_sagemaker_code_repository" "fail_cc_plain_git" {
  code_repository_name = "cc-repo"
  git_config = {
    repository_url = "git://example.com/acme/notebooks.git"
  }
}

# git_config is required by the schema; left out, there is no HTTPS URL.
resource "awscc_sagemaker_code_repository" "fail_cc_no_git_config" {
  code_repository_name = "cc-repo"
}

resource "awscc_sagemaker_code_repository" "unknown_cc_url" {
  code_repository_name = "cc-repo"
  git_config = {
    repository_url = var.url
  }
}
