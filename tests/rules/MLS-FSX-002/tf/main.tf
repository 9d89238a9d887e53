resource "aws_kms_key" "fsx" {
  description = "fsx"
}

resource "aws_fsx_ontap_file_system" "pass_ontap_cmk" {
  storage_capacity    = 1024
  subnet_ids          = ["subnet-1"]
  deployment_type     = "SINGLE_AZ_1"
  throughput_capacity = 512
  preferred_subnet_id = "subnet-1"
  kms_key_id          = aws_kms_key.fsx.arn
}

resource "aws_fsx_ontap_file_system" "fail_ontap_default_key" {
  storage_capacity    = 1024
  subnet_ids          = ["subnet-1"]
  deployment_type     = "SINGLE_AZ_1"
  throughput_capacity = 512
  preferred_subnet_id = "subnet-1"
}

resource "aws_fsx_windows_file_system" "pass_windows_cmk" {
  storage_capacity    = 300
  subnet_ids          = ["subnet-1"]
  throughput_capacity = 32
  active_directory_id = "d-1234567890"
  kms_key_id          = aws_kms_key.fsx.arn
}

resource "aws_fsx_windows_file_system" "fail_windows_default_key" {
  storage_capacity    = 300
  subnet_ids          = ["subnet-1"]
  throughput_capacity = 32
  active_directory_id = "d-1234567890"
}

resource "aws_fsx_openzfs_file_system" "fail_openzfs_default_key" {
  storage_capacity    = 64
  subnet_ids          = ["subnet-1"]
  deployment_type     = "SINGLE_AZ_1"
  throughput_capacity = 64
}

resource "aws_fsx_openzfs_file_system" "pass_openzfs_cmk" {
  storage_capacity    = 64
  subnet_ids          = ["subnet-1"]
  deployment_type     = "SINGLE_AZ_1"
  throughput_capacity = 64
  kms_key_id          = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
}
