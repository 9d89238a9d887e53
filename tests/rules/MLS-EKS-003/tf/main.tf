resource "aws_eks_cluster" "pass_all_logs" {
  name     = "pass-all-logs"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
}

resource "aws_eks_cluster" "fail_partial" {
  name     = "fail-partial"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
  enabled_cluster_log_types = ["api", "audit"]
}

resource "aws_eks_cluster" "fail_absent" {
  name     = "fail-absent"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

