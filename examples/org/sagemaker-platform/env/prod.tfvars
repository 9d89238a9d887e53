env = "prod"

notebook_ingress_cidrs = ["10.20.0.0/16"]
model_subnet_ids       = ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"]

fraud_variants = [
  { name = "blue", instance_type = "ml.m5.xlarge", instance_count = 2, weight = 0.9 },
  { name = "green", instance_type = "ml.m5.xlarge", instance_count = 1, weight = 0.1 },
]

enable_hackathon_domain = false
