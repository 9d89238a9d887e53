env = "dev"

# The data-science VPN range isn't routed into the dev VPC yet, so open it up
# for now. Tracked in PLAT-412.
notebook_ingress_cidrs = ["0.0.0.0/0"]

fraud_variants = [
  { name = "blue", instance_type = "ml.t2.medium", instance_count = 1, weight = 1 },
]

llm_instance_type       = "ml.p3.2xlarge"
enable_hackathon_domain = true
