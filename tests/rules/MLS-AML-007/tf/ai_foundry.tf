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

resource "azurerm_container_registry" "admin" {
  name                = "acradmin"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  sku                 = "Premium"
  admin_enabled       = true
}

resource "azurerm_container_registry" "noadmin" {
  name                = "acrnoadmin"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  sku                 = "Premium"
}

resource "azurerm_ai_foundry" "fail_admin_registry" {
  name                  = "fail_admin_registry"
  location              = azurerm_resource_group.rg.location
  resource_group_name   = azurerm_resource_group.rg.name
  storage_account_id    = azurerm_storage_account.st.id
  key_vault_id          = azurerm_key_vault.kv.id
  container_registry_id = azurerm_container_registry.admin.id
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_ai_foundry" "pass_registry" {
  name                  = "pass_registry"
  location              = azurerm_resource_group.rg.location
  resource_group_name   = azurerm_resource_group.rg.name
  storage_account_id    = azurerm_storage_account.st.id
  key_vault_id          = azurerm_key_vault.kv.id
  container_registry_id = azurerm_container_registry.noadmin.id
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_ai_foundry" "pass_no_registry" {
  name                = "pass_no_registry"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  storage_account_id  = azurerm_storage_account.st.id
  key_vault_id        = azurerm_key_vault.kv.id

  identity {
    type = "SystemAssigned"
  }
}
