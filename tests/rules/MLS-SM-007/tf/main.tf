locals {
  sagemaker_trust = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

variable "external_role_arn" {
  type = string
}

# Least privilege: an inline policy and a role policy on named actions.
resource "aws_iam_role" "scoped" {
  name               = "scoped"
  assume_role_policy = local.sagemaker_trust

  inline_policy {
    name = "read-models"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::models/*" }]
    })
  }
}

resource "aws_iam_role_policy" "scoped_logs" {
  role = aws_iam_role.scoped.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["logs:PutLogEvents"], Resource = "*" },
      { Effect = "Deny", Action = "*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "scoped_readonly" {
  role       = aws_iam_role.scoped.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

# Inline policy with Action "*" (the seed scenario).
resource "aws_iam_role" "inline_star" {
  name               = "inline-star"
  assume_role_policy = local.sagemaker_trust

  inline_policy {
    name   = "everything"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
  }
}

# A separate aws_iam_role_policy with Action ["*"].
resource "aws_iam_role" "role_policy_star" {
  name               = "role-policy-star"
  assume_role_policy = local.sagemaker_trust
}

data "aws_iam_policy_document" "everything" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "star" {
  role   = aws_iam_role.role_policy_star.id
  policy = data.aws_iam_policy_document.everything.json
}

# AdministratorAccess attached.
resource "aws_iam_role" "admin_attached" {
  name               = "admin-attached"
  assume_role_policy = local.sagemaker_trust
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin_attached.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# A customer managed policy with Action "*" attached.
resource "aws_iam_role" "customer_policy_star" {
  name               = "customer-policy-star"
  assume_role_policy = local.sagemaker_trust
}

resource "aws_iam_policy" "star" {
  name   = "star"
  policy = <<-JSON
    {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}
  JSON
}

resource "aws_iam_role_policy_attachment" "customer_star" {
  role       = aws_iam_role.customer_policy_star.name
  policy_arn = aws_iam_policy.star.arn
}


resource "aws_sagemaker_model" "pass_scoped_role" {
  name               = "pass_scoped_role"
  execution_role_arn = aws_iam_role.scoped.arn

  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = "s3://models/llm/model.tar.gz"
  }
}

resource "aws_sagemaker_model" "fail_inline_star" {
  name               = "fail_inline_star"
  execution_role_arn = aws_iam_role.inline_star.arn

  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = "s3://models/llm/model.tar.gz"
  }
}

resource "aws_sagemaker_model" "fail_role_policy_star" {
  name               = "fail_role_policy_star"
  execution_role_arn = aws_iam_role.role_policy_star.arn

  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = "s3://models/llm/model.tar.gz"
  }
}

resource "aws_sagemaker_model" "fail_admin_attached" {
  name               = "fail_admin_attached"
  execution_role_arn = aws_iam_role.admin_attached.arn

  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = "s3://models/llm/model.tar.gz"
  }
}

resource "aws_sagemaker_model" "fail_customer_policy_star" {
  name               = "fail_customer_policy_star"
  execution_role_arn = aws_iam_role.customer_policy_star.arn

  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    model_data_url = "s3://models/llm/model.tar.gz"
  }
}

resource "aws_sagemaker_model" "unknown_role_outside_configuration" {
  name               = "external"
  execution_role_arn = var.external_role_arn

  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0"
  }
}

resource "aws_sagemaker_endpoint_configuration" "llm" {
  production_variants {
    variant_name           = "main"
    model_name             = aws_sagemaker_model.fail_inline_star.name
    initial_instance_count = 1
    instance_type          = "ml.g5.xlarge"
  }
}

resource "aws_sagemaker_endpoint" "llm" {
  name                 = "llm"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.llm.name
}

# Customer-managed policies attached by ARN: an attachment, and
# managed_policy_arns; their statements decide.
resource "aws_iam_role" "custom_attached" {
  name = "custom-attached"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }]
  })
}

resource "aws_iam_policy" "custom_scoped" {
  name = "custom-scoped"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::models/*" }]
  })
}

resource "aws_iam_role_policy_attachment" "custom_scoped" {
  role       = aws_iam_role.custom_attached.name
  policy_arn = aws_iam_policy.custom_scoped.arn
}

resource "aws_iam_policy" "custom_star" {
  name = "custom-star"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_role" "custom_listed" {
  name                = "custom-listed"
  managed_policy_arns = [aws_iam_policy.custom_scoped.arn]
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "custom_listed_star" {
  name                = "custom-listed-star"
  managed_policy_arns = [aws_iam_policy.custom_star.arn]
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }]
  })
}

resource "aws_sagemaker_model" "pass_customer_policy_attached" {
  name               = "m-custom"
  execution_role_arn = aws_iam_role.custom_attached.arn
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
  }
}

resource "aws_sagemaker_model" "pass_customer_policy_listed" {
  name               = "m-custom"
  execution_role_arn = aws_iam_role.custom_listed.arn
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
  }
}

resource "aws_sagemaker_model" "fail_customer_policy_listed_star" {
  name               = "m-custom"
  execution_role_arn = aws_iam_role.custom_listed_star.arn
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0e5d5b0f5d3c1e7a8c5b2f0a9d8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
  }
}
