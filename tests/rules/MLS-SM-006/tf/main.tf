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


resource "aws_sagemaker_notebook_instance" "pass_scoped_role" {
  name          = "pass_scoped_role"
  role_arn      = aws_iam_role.scoped.arn
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "fail_inline_star" {
  name          = "fail_inline_star"
  role_arn      = aws_iam_role.inline_star.arn
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "fail_role_policy_star" {
  name          = "fail_role_policy_star"
  role_arn      = aws_iam_role.role_policy_star.arn
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "fail_admin_attached" {
  name          = "fail_admin_attached"
  role_arn      = aws_iam_role.admin_attached.arn
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "fail_customer_policy_star" {
  name          = "fail_customer_policy_star"
  role_arn      = aws_iam_role.customer_policy_star.arn
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "unknown_role_outside_configuration" {
  name          = "external"
  role_arn      = var.external_role_arn
  instance_type = "ml.t3.medium"
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

resource "aws_sagemaker_notebook_instance" "pass_customer_policy_attached" {
  name          = "nb-custom"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.custom_attached.arn

}

resource "aws_sagemaker_notebook_instance" "pass_customer_policy_listed" {
  name          = "nb-custom"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.custom_listed.arn

}

resource "aws_sagemaker_notebook_instance" "fail_customer_policy_listed_star" {
  name          = "nb-custom"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.custom_listed_star.arn

}
