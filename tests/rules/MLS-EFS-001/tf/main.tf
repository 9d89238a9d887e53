variable "encrypted" {
  type = bool
}

resource "aws_efs_file_system" "pass_encrypted" {
  creation_token = "studio-home"
  encrypted      = true
}

resource "aws_efs_file_system" "fail_default" {
  creation_token = "training-data"
}

resource "aws_efs_file_system" "fail_explicit" {
  creation_token = "scratch"
  encrypted      = false
}

resource "aws_efs_file_system" "unknown_variable" {
  creation_token = "var"
  encrypted      = var.encrypted
}
