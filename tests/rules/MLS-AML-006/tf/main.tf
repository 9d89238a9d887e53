variable "mode" {
  type = string
}

resource "azurerm_machine_learning_workspace" "pass_approved_outbound" {
  name                    = "ws-approved"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = "/subscriptions/0/sa"
  identity {
    type = "SystemAssigned"
  }
  managed_network {
    isolation_mode = "AllowOnlyApprovedOutbound"
  }
}

resource "azurerm_machine_learning_workspace" "fail_internet_outbound" {
  name                    = "ws-internet"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = "/subscriptions/0/sa"
  identity {
    type = "SystemAssigned"
  }
  managed_network {
    isolation_mode = "AllowInternetOutbound"
  }
}

resource "azurerm_machine_learning_workspace" "fail_no_managed_network" {
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

resource "azurerm_machine_learning_workspace" "unknown_variable" {
  name                    = "ws-var"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = "/subscriptions/0/sa"
  identity {
    type = "SystemAssigned"
  }
  managed_network {
    isolation_mode = var.mode
  }
}
