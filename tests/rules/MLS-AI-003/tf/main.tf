variable "kms_key_arn" {
  type = string
}

resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_comprehend_entity_recognizer" "pass_key" {
  name                 = "entities"
  data_access_role_arn = "arn:aws:iam::111122223333:role/comprehend"
  language_code        = "en"

  input_data_config {
    entity_types {
      type = "PRODUCT"
    }
    documents {
      s3_uri = "s3://comprehend-train/documents.txt"
    }
    entity_list {
      s3_uri = "s3://comprehend-train/entities.csv"
    }
  }
  volume_kms_key_id = aws_kms_key.ml.arn
}

resource "aws_comprehend_entity_recognizer" "fail_no_key" {
  name                 = "entities"
  data_access_role_arn = "arn:aws:iam::111122223333:role/comprehend"
  language_code        = "en"

  input_data_config {
    entity_types {
      type = "PRODUCT"
    }
    documents {
      s3_uri = "s3://comprehend-train/documents.txt"
    }
    entity_list {
      s3_uri = "s3://comprehend-train/entities.csv"
    }
  }
}

resource "aws_comprehend_entity_recognizer" "unknown_key_variable" {
  name                 = "entities"
  data_access_role_arn = "arn:aws:iam::111122223333:role/comprehend"
  language_code        = "en"

  input_data_config {
    entity_types {
      type = "PRODUCT"
    }
    documents {
      s3_uri = "s3://comprehend-train/documents.txt"
    }
    entity_list {
      s3_uri = "s3://comprehend-train/entities.csv"
    }
  }
  volume_kms_key_id = var.kms_key_arn
}
