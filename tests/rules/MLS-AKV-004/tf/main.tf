resource "azurerm_key_vault_secret" "pass_expiration_date" {
  name            = "training-datastore-key"
  value           = "placeholder"
  key_vault_id    = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.KeyVault/vaults/kv"
  content_type    = "text/plain"
  expiration_date = "2027-06-30T00:00:00Z"
}

resource "azurerm_key_vault_secret" "fail_no_expiry" {
  name         = "openai-api-key"
  value        = "placeholder"
  key_vault_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.KeyVault/vaults/kv"
}

variable "expires" {
  type = string
}

resource "azurerm_key_vault_secret" "pass_expiry_from_variable" {
  name            = "hf-token"
  value           = "placeholder"
  key_vault_id    = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.KeyVault/vaults/kv"
  expiration_date = var.expires
}
