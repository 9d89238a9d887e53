variable "key" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_ebs_volume" "pass_cmk" {
  availability_zone = "us-east-1a"
  size              = 2000
  encrypted         = true
  kms_key_id        = aws_kms_key.ml.arn
}

resource "aws_ebs_volume" "pass_variable_key" {
  availability_zone = "us-east-1a"
  size              = 2000
  encrypted         = true
  kms_key_id        = var.key
}

resource "aws_ebs_volume" "pass_from_snapshot" {
  availability_zone = "us-east-1a"
  snapshot_id       = "snap-0123456789abcdef0"
}

resource "aws_ebs_volume" "fail_aws_managed_key" {
  availability_zone = "us-east-1a"
  size              = 2000
  encrypted         = true
}

resource "aws_ebs_volume" "fail_empty_key" {
  availability_zone = "us-east-1a"
  size              = 2000
  encrypted         = true
  kms_key_id        = ""
}
