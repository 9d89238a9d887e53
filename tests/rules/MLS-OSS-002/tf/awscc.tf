# The Cloud Control provider (awscc) declares the same type and JSON policy.
resource "awscc_kms_key" "cc_kb" {
  enable_key_rotation = true
}

resource "awscc_opensearchserverless_security_policy" "pass_cc_customer_key" {
  name = "cc-kb-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules  = [{ ResourceType = "collection", Resource = ["collection/cc-kb"] }]
    KmsARN = awscc_kms_key.cc_kb.arn
  })
}

resource "awscc_opensearchserverless_security_policy" "fail_cc_aws_owned_key" {
  name = "cc-kb-owned"
  type = "encryption"
  policy = jsonencode({
    Rules       = [{ ResourceType = "collection", Resource = ["collection/cc-kb"] }]
    AWSOwnedKey = true
  })
}

resource "awscc_opensearchserverless_security_policy" "none_cc_network_policy" {
  name = "cc-kb-network"
  type = "network"
  policy = jsonencode([{
    Rules           = [{ ResourceType = "collection", Resource = ["collection/cc-kb"] }]
    AllowFromPublic = true
  }])
}
