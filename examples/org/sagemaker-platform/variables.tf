variable "env" {
  description = "Deployment environment. Picked with -var-file=env/<env>.tfvars."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.env)
    error_message = "env must be dev or prod."
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "vpc_id" {
  description = "Shared ML VPC (owned by the network team)."
  type        = string
}

variable "private_subnet_ids" {
  type = list(string)
}

variable "notebook_ingress_cidrs" {
  description = "Who may reach Jupyter / TensorBoard on the notebook ENIs."
  type        = list(string)
  default     = []
}

variable "fraud_variants" {
  description = "Production variants for the fraud endpoint (blue/green)."
  type = list(object({
    name           = string
    instance_type  = string
    instance_count = number
    weight         = number
  }))
  default = [
    { name = "blue", instance_type = "ml.m5.xlarge", instance_count = 2, weight = 1 },
  ]
}

variable "fraud_model_image" {
  description = "Inference image for the fraud model, pinned by digest by the release pipeline."
  type        = string
}

variable "llm_instance_type" {
  type    = string
  default = "ml.p3.2xlarge"
}

variable "model_subnet_ids" {
  description = "Subnets for model containers. Empty means no VPC config."
  type        = list(string)
  default     = []
}

variable "enable_hackathon_domain" {
  description = "Short-lived Studio domain for the quarterly hackathon."
  type        = bool
  default     = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
