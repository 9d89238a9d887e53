resource "aws_secretsmanager_secret" "pass_rotated" {
  name = "db-password"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.pass_rotated.id
  rotation_lambda_arn = "arn:aws:lambda:us-east-1:123456789012:function:rotate"
  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_secretsmanager_secret" "fail_not_rotated" {
  name = "hf-token"
}

# A rotation naming its secret by the secret's name is that secret's.
resource "aws_secretsmanager_secret" "pass_rotated_by_name" {
  name = "ml/hf-token"
}

resource "aws_secretsmanager_secret_rotation" "by_name" {
  secret_id           = "ml/hf-token"
  rotation_lambda_arn = "arn:aws:lambda:us-east-1:111122223333:function:rotate"
  rotation_rules {
    automatically_after_days = 30
  }
}
