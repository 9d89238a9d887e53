variable "sgs" {
  type = list(string)
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = "vpc-1"
}

resource "aws_eks_node_group" "pass_no_remote_access" {
  cluster_name    = "ml"
  node_group_name = "gpu"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-nodes"
  subnet_ids      = ["subnet-1"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 0
  }
}

resource "aws_eks_node_group" "pass_restricted" {
  cluster_name    = "ml"
  node_group_name = "cpu"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-nodes"
  subnet_ids      = ["subnet-1"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 0
  }
  remote_access {
    ec2_ssh_key               = "ops"
    source_security_group_ids = [aws_security_group.bastion.id]
  }
}

resource "aws_eks_node_group" "fail_open_ssh" {
  cluster_name    = "ml"
  node_group_name = "open"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-nodes"
  subnet_ids      = ["subnet-1"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 0
  }
  remote_access {
    ec2_ssh_key = "ops"
  }
}

resource "aws_eks_node_group" "fail_empty_sg_list" {
  cluster_name    = "ml"
  node_group_name = "empty"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-nodes"
  subnet_ids      = ["subnet-1"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 0
  }
  remote_access {
    ec2_ssh_key               = "ops"
    source_security_group_ids = []
  }
}

resource "aws_eks_node_group" "unknown_variable" {
  cluster_name    = "ml"
  node_group_name = "var"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-nodes"
  subnet_ids      = ["subnet-1"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 0
  }
  remote_access {
    ec2_ssh_key               = "ops"
    source_security_group_ids = var.sgs
  }
}
