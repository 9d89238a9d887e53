variable "encryption_policy" {
  type = string
}

resource "aws_kms_key" "kb" {
  enable_key_rotation = true
}

resource "aws_opensearchserverless_security_policy" "pass_customer_key" {
  name = "kb-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules  = [{ ResourceType = "collection", Resource = ["collection/kb"] }]
    KmsARN = aws_kms_key.kb.arn
  })
}

resource "aws_opensearchserverless_security_policy" "fail_aws_owned_key" {
  name = "kb-owned"
  type = "encryption"
  policy = jsonencode({
    Rules       = [{ ResourceType = "collection", Resource = ["collection/kb"] }]
    AWSOwnedKey = true
  })
}

resource "aws_opensearchserverless_security_policy" "fail_aws_owned_key_string" {
  name   = "kb-owned-string"
  type   = "encryption"
  policy = "{\"Rules\":[{\"ResourceType\":\"collection\",\"Resource\":[\"collection/kb*\"]}],\"AWSOwnedKey\":true}"
}

# A network policy is not an encryption policy.
resource "aws_opensearchserverless_security_policy" "none_network_policy" {
  name = "kb-network"
  type = "network"
  policy = jsonencode([{
    Rules           = [{ ResourceType = "collection", Resource = ["collection/kb"] }]
    AllowFromPublic = true
  }])
}

resource "aws_opensearchserverless_security_policy" "unknown_policy_variable" {
  name   = "kb-var"
  type   = "encryption"
  policy = var.encryption_policy
}
