variable "network_policy" {
  type = string
}

resource "aws_opensearchserverless_security_policy" "pass_vpc_only" {
  name = "kb-network"
  type = "network"
  policy = jsonencode([{
    Rules = [
      { ResourceType = "collection", Resource = ["collection/kb"] },
      { ResourceType = "dashboard", Resource = ["collection/kb"] },
    ]
    AllowFromPublic = false
    SourceVPCEs     = ["vpce-0123456789abcdef0"]
  }])
}

resource "aws_opensearchserverless_security_policy" "fail_public_collection" {
  name = "kb-public"
  type = "network"
  policy = jsonencode([
    {
      Rules           = [{ ResourceType = "dashboard", Resource = ["collection/kb"] }]
      AllowFromPublic = false
      SourceVPCEs     = ["vpce-0123456789abcdef0"]
    },
    {
      Rules           = [{ ResourceType = "collection", Resource = ["collection/kb"] }]
      AllowFromPublic = true
    },
  ])
}

resource "aws_opensearchserverless_security_policy" "fail_public_heredoc" {
  name   = "kb-public-heredoc"
  type   = "network"
  policy = <<-EOT
    [{"Rules":[{"ResourceType":"collection","Resource":["collection/kb"]}],"AllowFromPublic":true}]
  EOT
}

# An encryption policy is not a network policy.
resource "aws_opensearchserverless_security_policy" "none_encryption_policy" {
  name = "kb-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules       = [{ ResourceType = "collection", Resource = ["collection/kb"] }]
    AWSOwnedKey = true
  })
}

resource "aws_opensearchserverless_security_policy" "unknown_policy_variable" {
  name   = "kb-var"
  type   = "network"
  policy = var.network_policy
}

# A policy whose type is a variable may be a network policy: public, it is
# unknown (a failure if the rule applies).
variable "policy_type" {
  type = string
}

resource "aws_opensearchserverless_security_policy" "unknown_type_variable_public" {
  name = "kb-maybe-network"
  type = var.policy_type
  policy = jsonencode([{
    Rules           = [{ ResourceType = "collection", Resource = ["collection/kb"] }]
    AllowFromPublic = true
  }])
}

resource "aws_opensearchserverless_security_policy" "pass_type_variable_private" {
  name = "kb-maybe-network-private"
  type = var.policy_type
  policy = jsonencode([{
    Rules           = [{ ResourceType = "collection", Resource = ["collection/kb"] }]
    AllowFromPublic = false
  }])
}
