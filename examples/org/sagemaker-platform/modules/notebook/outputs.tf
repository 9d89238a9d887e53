output "name" {
  value = aws_sagemaker_notebook_instance.this.name
}

output "arn" {
  value = aws_sagemaker_notebook_instance.this.arn
}

output "url" {
  value = aws_sagemaker_notebook_instance.this.url
}
