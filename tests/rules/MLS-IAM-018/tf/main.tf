resource "aws_s3_bucket" "model_artifacts" {
  bucket = "ml-model-artifacts"
}

resource "aws_ecr_repository" "inference" {
  name = "inference"
}

resource "aws_iam_role" "pass_role_without_inline_policy" {
  name               = "training"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_policy" "pass_scoped_to_bucket" {
  name   = "scoped"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:PutObject", "s3:DeleteObject"], Resource = "${aws_s3_bucket.model_artifacts.arn}/*" }] })
}

resource "aws_iam_policy" "pass_wildcard_only_actions" {
  name   = "wildcard-only"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["ecr:GetAuthorizationToken", "s3:ListAllMyBuckets", "sagemaker:ListModels", "cloudwatch:PutMetricData"], Resource = "*" }] })
}

resource "aws_iam_policy" "pass_read_only" {
  name   = "read"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:Get*", "s3:List*", "ecr:BatchGetImage"], Resource = "*" }] })
}

resource "aws_iam_policy" "pass_deny" {
  name   = "deny"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:*", Resource = "*" }] })
}

resource "aws_iam_policy" "pass_conditioned" {
  name = "conditioned"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{
    Effect = "Allow", Action = "s3:PutObject", Resource = "*"
    Condition = { StringEquals = { "aws:ResourceAccount" = "123456789012" } }
  }] })
}

resource "aws_iam_role_policy" "fail_put_object_everywhere" {
  name   = "training-output"
  role   = aws_iam_role.pass_role_without_inline_policy.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "*" }] })
}

data "aws_iam_policy_document" "image_push" {
  statement {
    actions   = ["ecr:*Layer*", "ecr:PutImage"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "fail_image_push_document" {
  name   = "image-push"
  policy = data.aws_iam_policy_document.image_push.json
}

resource "aws_iam_user_policy" "fail_s3_star" {
  name   = "s3-star"
  user   = "ml-engineer"
  policy = jsonencode({ Version = "2012-10-17", Statement = { Effect = "Allow", Action = "S3:*", Resource = ["*"] } })
}

resource "aws_iam_group_policy" "fail_registry" {
  name   = "registry"
  group  = "ml-engineers"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sagemaker:UpdateModelPackage", "sagemaker:DeleteModelPackage*"], Resource = "*" }] })
}

resource "aws_iam_role" "fail_role_inline" {
  name               = "feature-ingest"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  inline_policy {
    name   = "records"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sagemaker:PutRecord", Resource = "*" }] })
  }
}

resource "aws_iam_role" "pass_role_scoped_inline" {
  name               = "image-build"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "codebuild.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  inline_policy {
    name   = "push"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["ecr:PutImage", "ecr:UploadLayerPart"], Resource = aws_ecr_repository.inference.arn }] })
  }
}

variable "resources" {
  type = list(string)
}

resource "aws_iam_policy" "unknown_resources" {
  name   = "unknown"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:PutObject", Resource = var.resources }] })
}

# What a retrieval-augmented application answers from: documents and
# vectors written on every resource (batch 15: a Kendra connector, a
# knowledge-base ingestion role).
resource "aws_iam_policy" "fail_rag_writer" {
  name = "rag-writer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["kendra:BatchPutDocument", "bedrock:StartIngestionJob", "s3vectors:PutVectors"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role_policy" "fail_kendra_star" {
  name   = "kendra"
  role   = "connector"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kendra:*", Resource = "*" }] })
}

resource "aws_iam_policy" "fail_collection_data_access" {
  name   = "aoss"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["aoss:APIAccessAll"], Resource = ["*"] }] })
}

resource "aws_iam_policy" "pass_rag_writer_scoped" {
  name = "rag-writer-scoped"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["bedrock:StartIngestionJob", "bedrock:IngestKnowledgeBaseDocuments"]
      Resource = "arn:aws:bedrock:us-east-1:111122223333:knowledge-base/KB12345678"
    }]
  })
}

# Creating a knowledge base or a collection takes no resource ARN: "*" is
# what AWS accepts.
resource "aws_iam_policy" "pass_rag_create_only" {
  name   = "rag-create"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["bedrock:CreateKnowledgeBase", "aoss:CreateCollection", "bedrock:Retrieve"], Resource = "*" }] })
}

# Studio: deleting domains, profiles and spaces on every resource (batch 17).
resource "aws_iam_policy" "fail_studio_deletes" {
  name   = "studio-admin"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sagemaker:*Domain*", "sagemaker:*Space*"], Resource = "*" }] })
}

# An IAM Identity Center permission set's inline policy.
resource "aws_ssoadmin_permission_set_inline_policy" "fail_sso_inline" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-1111111111111111"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:PutObject", "s3:DeleteObject"], Resource = "*" }] })
}

resource "aws_ssoadmin_permission_set_inline_policy" "pass_sso_inline_scoped" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sagemaker:InvokeEndpoint"], Resource = "arn:aws:sagemaker:us-east-1:111122223333:endpoint/llm" }] })
}
