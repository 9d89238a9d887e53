# The Cloud Control provider (awscc): nested settings are objects with the
# same names.
resource "awscc_kms_key" "cc_ml" {
  enable_key_rotation = true
}

resource "awscc_sagemaker_feature_group" "pass_cc_awscc_key" {
  feature_group_name             = "cc-features"
  record_identifier_feature_name = "id"
  event_time_feature_name        = "ts"
  role_arn                       = "arn:aws:iam::111122223333:role/features"
  feature_definitions = [
    { feature_name = "id", feature_type = "String" },
    { feature_name = "ts", feature_type = "String" },
  ]
  offline_store_config = {
    s3_storage_config = {
      s3_uri     = "s3://features/offline"
      kms_key_id = awscc_kms_key.cc_ml.arn
    }
  }
}

resource "awscc_sagemaker_feature_group" "pass_cc_online_only" {
  feature_group_name             = "cc-features"
  record_identifier_feature_name = "id"
  event_time_feature_name        = "ts"
  role_arn                       = "arn:aws:iam::111122223333:role/features"
  feature_definitions = [
    { feature_name = "id", feature_type = "String" },
    { feature_name = "ts", feature_type = "String" },
  ]
  online_store_config = {
    enable_online_store = true
  }
}

resource "awscc_sagemaker_feature_group" "fail_cc_no_key" {
  feature_group_name             = "cc-features"
  record_identifier_feature_name = "id"
  event_time_feature_name        = "ts"
  role_arn                       = "arn:aws:iam::111122223333:role/features"
  feature_definitions = [
    { feature_name = "id", feature_type = "String" },
    { feature_name = "ts", feature_type = "String" },
  ]
  offline_store_config = {
    s3_storage_config = {
      s3_uri = "s3://features/offline"
    }
  }
}

resource "awscc_sagemaker_feature_group" "fail_cc_aws_managed_alias" {
  feature_group_name             = "cc-features"
  record_identifier_feature_name = "id"
  event_time_feature_name        = "ts"
  role_arn                       = "arn:aws:iam::111122223333:role/features"
  feature_definitions = [
    { feature_name = "id", feature_type = "String" },
    { feature_name = "ts", feature_type = "String" },
  ]
  offline_store_config = {
    s3_storage_config = {
      s3_uri     = "s3://features/offline"
      kms_key_id = "alias/aws/s3"
    }
  }
}

resource "awscc_sagemaker_feature_group" "unknown_cc_key_variable" {
  feature_group_name             = "cc-features"
  record_identifier_feature_name = "id"
  event_time_feature_name        = "ts"
  role_arn                       = "arn:aws:iam::111122223333:role/features"
  feature_definitions = [
    { feature_name = "id", feature_type = "String" },
    { feature_name = "ts", feature_type = "String" },
  ]
  offline_store_config = {
    s3_storage_config = {
      s3_uri     = "s3://features/offline"
      kms_key_id = var.kms_key_arn
    }
  }
}
