output "notebook_urls" {
  value = {
    research_sandbox = aws_sagemaker_notebook_instance.research_sandbox.url
    fraud_analysts   = module.notebook_fraud.url
    forecasting      = module.notebook_forecasting.url
  }
}

output "studio_domain_id" {
  value = aws_sagemaker_domain.studio.id
}

output "hackathon_domain_url" {
  value = one(aws_sagemaker_domain.hackathon[*].url)
}

output "endpoint_names" {
  value = {
    fraud        = aws_sagemaker_endpoint.fraud.name
    support_chat = aws_sagemaker_endpoint.llm_chat.name
  }
}

output "data_bucket_arns" {
  value = { for name, b in aws_s3_bucket.data : name => b.arn }
}

output "experiments_repository_url" {
  value = try(aws_ecr_repository.experiments[0].repository_url, null)
}
