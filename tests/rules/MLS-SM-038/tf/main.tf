variable "subnets" {
  type = list(string)
}

resource "awscc_sagemaker_cluster" "pass_vpc" {
  cluster_name = "llm-train"
  instance_groups = [{
    execution_role      = "arn:aws:iam::123456789012:role/hyperpod"
    instance_count      = 4
    instance_group_name = "workers"
    instance_type       = "ml.p5.48xlarge"
    life_cycle_config = {
      source_s3_uri = "s3://lifecycle/config/"
      on_create     = "on_create.sh"
    }
  }]
  vpc_config = {
    security_group_ids = ["sg-0123456789abcdef0"]
    subnets            = ["subnet-0123456789abcdef0"]
  }
}

resource "awscc_sagemaker_cluster" "fail_no_vpc" {
  cluster_name = "llm-train-2"
  instance_groups = [{
    execution_role      = "arn:aws:iam::123456789012:role/hyperpod"
    instance_count      = 4
    instance_group_name = "workers"
    instance_type       = "ml.p5.48xlarge"
    life_cycle_config = {
      source_s3_uri = "s3://lifecycle/config/"
      on_create     = "on_create.sh"
    }
  }]
}

resource "awscc_sagemaker_cluster" "unknown_subnets" {
  cluster_name = "llm-train-3"
  instance_groups = [{
    execution_role      = "arn:aws:iam::123456789012:role/hyperpod"
    instance_count      = 4
    instance_group_name = "workers"
    instance_type       = "ml.p5.48xlarge"
    life_cycle_config = {
      source_s3_uri = "s3://lifecycle/config/"
      on_create     = "on_create.sh"
    }
  }]
  vpc_config = {
    security_group_ids = ["sg-0123456789abcdef0"]
    subnets            = var.subnets
  }
}
