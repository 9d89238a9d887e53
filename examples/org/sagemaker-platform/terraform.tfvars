# Shared by every environment; env/<env>.tfvars is layered on top in CI:
#   terraform plan -var-file=env/prod.tfvars

region = "us-east-1"
vpc_id = "vpc-0a1b2c3d4e5f60718"

private_subnet_ids = [
  "subnet-0aa11bb22cc33dd44",
  "subnet-0ee55ff66aa77bb88",
]

fraud_model_image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-xgb@sha256:9f2c4d1e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d"

tags = {
  cost-center = "ml-platform"
  owner       = "ml-platform@acme.example"
}
