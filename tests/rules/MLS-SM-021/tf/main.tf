variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_sagemaker_feature_group" "pass_key" {
  feature_group_name             = "customers"
  record_identifier_feature_name = "id"
  event_time_feature_name        = "ts"
  role_arn                       = "arn:aws:iam::111122223333:role/featurestore"

  feature_definition {
    feature_name = "id"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "ts"
    feature_type = "String"
  }
  offline_store_config {
    s3_storage_config {
      s3_uri     = "s3://features/offline"
      kms_key_id = aws_kms_key.ml.arn
    }
  }
}

resource "aws_sagemaker_feature_group" "fail_no_key" {
  feature_group_name             = "customers"
  record_identifier_feature_name = "id"
  event_time_feature_name        = "ts"
  role_arn                       = "arn:aws:iam::111122223333:role/featurestore"

  feature_definition {
    feature_name = "id"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "ts"
    feature_type = "String"
  }
  offline_store_config {
    s3_storage_config {
      s3_uri     = "s3://features/offline"
    }
  }
}

resource "aws_sagemaker_feature_group" "unknown_key_variable" {
  feature_group_name             = "customers"
  record_identifier_feature_name = "id"
  event_time_feature_name        = "ts"
  role_arn                       = "arn:aws:iam::111122223333:role/featurestore"

  feature_definition {
    feature_name = "id"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "ts"
    feature_type = "String"
  }
  offline_store_config {
    s3_storage_config {
      s3_uri     = "s3://features/offline"
      kms_key_id = var.kms_key_arn
    }
  }
}
