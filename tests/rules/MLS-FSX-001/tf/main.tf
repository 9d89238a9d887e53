resource "aws_kms_key" "fsx" {
  description = "fsx"
}

resource "aws_fsx_lustre_file_system" "pass_persistent_cmk" {
  storage_capacity            = 1200
  subnet_ids                  = ["subnet-1"]
  deployment_type             = "PERSISTENT_2"
  per_unit_storage_throughput = 250
  kms_key_id                  = aws_kms_key.fsx.arn
}

resource "aws_fsx_lustre_file_system" "pass_scratch_default" {
  storage_capacity = 1200
  subnet_ids       = ["subnet-1"]
}

resource "aws_fsx_lustre_file_system" "pass_scratch_2" {
  storage_capacity = 1200
  subnet_ids       = ["subnet-1"]
  deployment_type  = "SCRATCH_2"
}

resource "aws_fsx_lustre_file_system" "fail_persistent_no_key" {
  storage_capacity            = 1200
  subnet_ids                  = ["subnet-1"]
  deployment_type             = "PERSISTENT_1"
  per_unit_storage_throughput = 200
}
