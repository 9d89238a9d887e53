resource "azurerm_key_vault_key" "pass_expiration_date" {
  name            = "aml-cmk"
  key_vault_id    = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.KeyVault/vaults/kv"
  key_type        = "RSA"
  key_size        = 3072
  key_opts        = ["wrapKey", "unwrapKey"]
  expiration_date = "2027-12-31T00:00:00Z"
}

resource "azurerm_key_vault_key" "pass_rotation_policy" {
  name         = "storage-cmk"
  key_vault_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.KeyVault/vaults/kv"
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
  rotation_policy {
    expire_after         = "P1Y"
    notify_before_expiry = "P30D"
    automatic {
      time_before_expiry = "P30D"
    }
  }
}

resource "azurerm_key_vault_key" "fail_no_expiry" {
  name         = "registry-cmk"
  key_vault_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.KeyVault/vaults/kv"
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
}

resource "azurerm_key_vault_key" "fail_rotation_without_expiry" {
  name         = "rotating-cmk"
  key_vault_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.KeyVault/vaults/kv"
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
  rotation_policy {
    automatic {
      time_after_creation = "P90D"
    }
  }
}
