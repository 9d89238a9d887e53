# The Cloud Control provider (awscc) declares the same type and JSON policy.
resource "awscc_opensearchserverless_security_policy" "pass_cc_vpc_only" {
  name = "cc-kb-network"
  type = "network"
  policy = jsonencode([{
    Rules       = [{ ResourceType = "collection", Resource = ["collection/cc-kb"] }]
    SourceVPCEs = ["vpce-0123456789abcdef0"]
  }])
}

resource "awscc_opensearchserverless_security_policy" "fail_cc_public" {
  name = "cc-kb-public"
  type = "network"
  policy = jsonencode([{
    Rules           = [{ ResourceType = "collection", Resource = ["collection/cc-kb"] }]
    AllowFromPublic = true
  }])
}

resource "awscc_opensearchserverless_security_policy" "none_cc_encryption_policy" {
  name = "cc-kb-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules       = [{ ResourceType = "collection", Resource = ["collection/cc-kb"] }]
    AWSOwnedKey = true
  })
}

variable "cc_network_policy" {
  type = string
}

resource "awscc_opensearchserverless_security_policy" "unknown_cc_policy_variable" {
  name   = "cc-kb-var"
  type   = "network"
  policy = var.cc_network_policy
}
