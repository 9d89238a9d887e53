variable "scan" {
  type = bool
}

resource "aws_ecr_repository" "pass_scan_on_push" {
  name = "training-images"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_repository" "fail_default" {
  name = "inference-images"
}

resource "aws_ecr_repository" "fail_disabled" {
  name = "notebook-images"
  image_scanning_configuration {
    scan_on_push = false
  }
}

resource "aws_ecr_repository" "unknown_variable" {
  name = "var-images"
  image_scanning_configuration {
    scan_on_push = var.scan
  }
}
