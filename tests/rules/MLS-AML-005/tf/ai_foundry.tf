resource "azurerm_resource_group" "rg" {
  name     = "rg-ai"
  location = "westeurope"
}

resource "azurerm_key_vault" "kv" {
  name                = "kv-ai-hub"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azurerm_storage_account" "st" {
  name                     = "staihub"
  location                 = azurerm_resource_group.rg.location
  resource_group_name      = azurerm_resource_group.rg.name
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_ai_foundry" "fail_no_encryption" {
  name                = "fail_no_encryption"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  storage_account_id  = azurerm_storage_account.st.id
  key_vault_id        = azurerm_key_vault.kv.id

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_ai_foundry" "pass_cmk" {
  name                = "pass_cmk"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  storage_account_id  = azurerm_storage_account.st.id
  key_vault_id        = azurerm_key_vault.kv.id
  encryption {
    key_vault_id = azurerm_key_vault.kv.id
    key_id       = "https://kv-ai-hub.vault.azure.net/keys/cmk/0123456789abcdef"
  }
  identity {
    type = "SystemAssigned"
  }
}
