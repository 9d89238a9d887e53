resource "azurerm_storage_account" "pass_inline_cmk" {
  name                     = "passinlinecmk"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  identity {
    type         = "UserAssigned"
    identity_ids = ["/subscriptions/0/resourceGroups/ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/storage"]
  }
  customer_managed_key {
    key_vault_key_id          = "https://mlkv.vault.azure.net/keys/storage"
    user_assigned_identity_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/storage"
  }
}

resource "azurerm_storage_account" "pass_separate_cmk" {
  name                     = "passseparatecmk"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_storage_account" "fail_default" {
  name                     = "faildefault"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account_customer_managed_key" "ml" {
  storage_account_id = azurerm_storage_account.pass_separate_cmk.id
  key_vault_id       = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.KeyVault/vaults/mlkv"
  key_name           = "storage"
}
