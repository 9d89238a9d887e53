resource "aws_kms_key" "efs" {
  description = "efs"
}

resource "aws_efs_file_system" "pass_cmk" {
  creation_token = "studio-home"
  encrypted      = true
  kms_key_id     = aws_kms_key.efs.arn
}

resource "aws_efs_file_system" "fail_aws_managed_key" {
  creation_token = "training-data"
  encrypted      = true
}

resource "aws_efs_file_system" "fail_unencrypted" {
  creation_token = "scratch"
}
