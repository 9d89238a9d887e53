variable "mutability" {
  type = string
}

resource "aws_ecr_repository" "pass_immutable" {
  name                 = "training-images"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "fail_default" {
  name = "inference-images"
}

resource "aws_ecr_repository" "fail_mutable" {
  name                 = "notebook-images"
  image_tag_mutability = "MUTABLE"
}

resource "aws_ecr_repository" "unknown_variable" {
  name                 = "var-images"
  image_tag_mutability = var.mutability
}
