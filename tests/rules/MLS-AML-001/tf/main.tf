variable "public" {
  type = bool
}

resource "azurerm_machine_learning_workspace" "pass_private" {
  name                          = "ws-private"
  location                      = "westeurope"
  resource_group_name           = "ml"
  application_insights_id       = "/subscriptions/0/ai"
  key_vault_id                  = "/subscriptions/0/kv"
  storage_account_id            = "/subscriptions/0/sa"
  public_network_access_enabled = false
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_workspace" "fail_default_public" {
  name                    = "ws-default"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = "/subscriptions/0/sa"
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_workspace" "fail_explicit_public" {
  name                          = "ws-public"
  location                      = "westeurope"
  resource_group_name           = "ml"
  application_insights_id       = "/subscriptions/0/ai"
  key_vault_id                  = "/subscriptions/0/kv"
  storage_account_id            = "/subscriptions/0/sa"
  public_network_access_enabled = true
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_workspace" "fail_deprecated_attribute" {
  name                                         = "ws-old"
  location                                     = "westeurope"
  resource_group_name                          = "ml"
  application_insights_id                      = "/subscriptions/0/ai"
  key_vault_id                                 = "/subscriptions/0/kv"
  storage_account_id                           = "/subscriptions/0/sa"
  public_network_access_enabled                = false
  public_access_behind_virtual_network_enabled = true
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_workspace" "unknown_variable" {
  name                          = "ws-var"
  location                      = "westeurope"
  resource_group_name           = "ml"
  application_insights_id       = "/subscriptions/0/ai"
  key_vault_id                  = "/subscriptions/0/kv"
  storage_account_id            = "/subscriptions/0/sa"
  public_network_access_enabled = var.public
  identity {
    type = "SystemAssigned"
  }
}
