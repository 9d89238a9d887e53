resource "azurerm_container_registry" "admin_off" {
  name                = "mlacrprivate"
  resource_group_name = "ml"
  location            = "westeurope"
  sku                 = "Premium"
}

resource "azurerm_container_registry" "admin_on" {
  name                = "mlacradmin"
  resource_group_name = "ml"
  location            = "westeurope"
  sku                 = "Premium"
  admin_enabled       = true
}

resource "azurerm_machine_learning_workspace" "pass_registry_admin_off" {
  name                    = "ws-acr"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = "/subscriptions/0/sa"
  container_registry_id   = azurerm_container_registry.admin_off.id
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_workspace" "pass_no_registry" {
  name                    = "ws-noacr"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = "/subscriptions/0/sa"
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_workspace" "fail_registry_admin_on" {
  name                    = "ws-acr-admin"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = "/subscriptions/0/sa"
  container_registry_id   = azurerm_container_registry.admin_on.id
  identity {
    type = "SystemAssigned"
  }
}
