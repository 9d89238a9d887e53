# The Cloud Control provider (awscc): image_scanning_configuration is an
# object; scan_on_push defaults to false.
variable "awscc_scan" {
  type = bool
}

resource "awscc_ecr_repository" "pass_awscc_scan" {
  image_scanning_configuration = {
    scan_on_push = true
  }
}

resource "awscc_ecr_repository" "fail_awscc_no_scanning" {
  repository_name = "fail-awscc-no-scanning"
}

resource "awscc_ecr_repository" "fail_awscc_scan_false" {
  image_scanning_configuration = {
    scan_on_push = false
  }
}

resource "awscc_ecr_repository" "unknown_awscc_scan" {
  image_scanning_configuration = {
    scan_on_push = var.awscc_scan
  }
}
