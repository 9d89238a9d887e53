# ---------------------------------------------------------------------------
# Platform execution role: pipelines, the legacy sandbox, the forecasting box
# ---------------------------------------------------------------------------

resource "aws_iam_role" "sagemaker_execution" {
  name = "${local.name_prefix}-sagemaker-execution"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# Broad while we work out which APIs the pipelines really call.
# TODO(PLAT-377): scope down once the CloudTrail report is in.
resource "aws_iam_role_policy" "sagemaker_execution" {
  name = "sagemaker-execution"
  role = aws_iam_role.sagemaker_execution.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "SageMaker"
        Effect   = "Allow"
        Action   = "sagemaker:*"
        Resource = "*"
      },
      {
        Sid      = "PassRoleForJobs"
        Effect   = "Allow"
        Action   = "iam:PassRole"
        Resource = "*"
      },
      {
        Sid    = "Data"
        Effect = "Allow"
        Action = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
        Resource = flatten([
          for b in aws_s3_bucket.data : [b.arn, "${b.arn}/*"]
        ])
      },
      {
        Sid      = "Key"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.ml.arn
      },
    ]
  })
}

# Added during the 2023 quickstart; nobody has dared to remove it.
resource "aws_iam_role_policy_attachment" "sagemaker_full_access" {
  role       = aws_iam_role.sagemaker_execution.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSageMakerFullAccess"
}

# ---------------------------------------------------------------------------
# Scoped role for analyst notebooks and Studio users
# ---------------------------------------------------------------------------

data "aws_iam_policy_document" "sagemaker_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "notebook_scoped" {
  name               = "${local.name_prefix}-notebook-scoped"
  assume_role_policy = data.aws_iam_policy_document.sagemaker_assume.json
}

resource "aws_iam_role_policy" "notebook_scoped" {
  name = "notebook-scoped"
  role = aws_iam_role.notebook_scoped.id

  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ReadTrainingData",
          "Effect": "Allow",
          "Action": ["s3:GetObject", "s3:ListBucket"],
          "Resource": [
            "${aws_s3_bucket.data["training-data"].arn}",
            "${aws_s3_bucket.data["training-data"].arn}/*"
          ]
        },
        {
          "Sid": "WriteNotebookArtifacts",
          "Effect": "Allow",
          "Action": ["s3:PutObject"],
          "Resource": "${aws_s3_bucket.data["model-artifacts"].arn}/notebooks/*"
        },
        {
          "Sid": "UseKey",
          "Effect": "Allow",
          "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
          "Resource": "${aws_kms_key.ml.arn}"
        }
      ]
    }
  EOT
}

# ---------------------------------------------------------------------------
# Inference role: read model artifacts, nothing else
# ---------------------------------------------------------------------------

resource "aws_iam_role" "inference" {
  name               = "${local.name_prefix}-inference"
  assume_role_policy = data.aws_iam_policy_document.sagemaker_assume.json
}

resource "aws_iam_role_policy" "inference" {
  name = "inference"
  role = aws_iam_role.inference.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadModelArtifacts"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "${aws_s3_bucket.data["model-artifacts"].arn}/*"
      },
      {
        Sid      = "PullServingImages"
        Effect   = "Allow"
        Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Resource = [for r in aws_ecr_repository.serving : r.arn]
      },
      {
        Sid      = "EcrAuth"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*"
      },
      {
        Sid      = "Key"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = aws_kms_key.ml.arn
      },
    ]
  })
}
