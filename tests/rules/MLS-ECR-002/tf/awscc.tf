# The Cloud Control provider (awscc): image_tag_mutability defaults to
# MUTABLE.
variable "awscc_mutability" {
  type = string
}

resource "awscc_ecr_repository" "pass_awscc_immutable" {
  image_tag_mutability = "IMMUTABLE"
}

resource "awscc_ecr_repository" "pass_awscc_immutable_with_exclusion" {
  image_tag_mutability = "IMMUTABLE_WITH_EXCLUSION"
  image_tag_mutability_exclusion_filters = [{
    image_tag_mutability_exclusion_filter_type  = "WILDCARD"
    image_tag_mutability_exclusion_filter_value = "dev-*"
  }]
}

resource "awscc_ecr_repository" "fail_awscc_default" {
  repository_name = "fail-awscc-default"
}

resource "awscc_ecr_repository" "fail_awscc_mutable" {
  image_tag_mutability = "MUTABLE"
}

resource "awscc_ecr_repository" "unknown_awscc_mutability" {
  image_tag_mutability = var.awscc_mutability
}
