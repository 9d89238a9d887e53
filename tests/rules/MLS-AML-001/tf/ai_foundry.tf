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
variable "pna" {
  type = string
}

resource "azurerm_ai_foundry" "fail_default" {
  name                = "fail_default"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  storage_account_id  = azurerm_storage_account.st.id
  key_vault_id        = azurerm_key_vault.kv.id

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_ai_foundry" "fail_enabled" {
  name                  = "fail_enabled"
  location              = azurerm_resource_group.rg.location
  resource_group_name   = azurerm_resource_group.rg.name
  storage_account_id    = azurerm_storage_account.st.id
  key_vault_id          = azurerm_key_vault.kv.id
  public_network_access = "Enabled"
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_ai_foundry" "pass_disabled" {
  name                  = "pass_disabled"
  location              = azurerm_resource_group.rg.location
  resource_group_name   = azurerm_resource_group.rg.name
  storage_account_id    = azurerm_storage_account.st.id
  key_vault_id          = azurerm_key_vault.kv.id
  public_network_access = "Disabled"
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_ai_foundry" "unknown_variable" {
  name                  = "unknown_variable"
  location              = azurerm_resource_group.rg.location
  resource_group_name   = azurerm_resource_group.rg.name
  storage_account_id    = azurerm_storage_account.st.id
  key_vault_id          = azurerm_key_vault.kv.id
  public_network_access = var.pna
  identity {
    type = "SystemAssigned"
  }
}
