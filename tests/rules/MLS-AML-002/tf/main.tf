variable "external_storage_id" {
  type = string
}

resource "azurerm_storage_account" "pass_private" {
  name                          = "mlprivate"
  resource_group_name           = "ml"
  location                      = "westeurope"
  account_tier                  = "Standard"
  account_replication_type      = "LRS"
  public_network_access_enabled = false
}

resource "azurerm_storage_account" "fail_public" {
  name                     = "mlpublic"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_machine_learning_workspace" "pass_hbi_private_storage" {
  name                    = "ws-hbi"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = azurerm_storage_account.pass_private.id
  high_business_impact    = true
  identity {
    type = "SystemAssigned"
  }
}

# public, but only a workspace without the HBI flag uses it
resource "azurerm_storage_account" "pass_public_not_hbi" {
  name                     = "mlpublicnormal"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

# no workspace uses it
resource "azurerm_storage_account" "pass_no_workspace" {
  name                     = "mlunused"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_machine_learning_workspace" "pass_not_hbi" {
  name                    = "ws-normal"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = azurerm_storage_account.pass_public_not_hbi.id
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_workspace" "fail_hbi_public_storage" {
  name                    = "ws-hbi-public"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = azurerm_storage_account.fail_public.id
  high_business_impact    = true
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_workspace" "unknown_hbi_external_storage" {
  name                    = "ws-hbi-ext"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = var.external_storage_id
  high_business_impact    = true
  identity {
    type = "SystemAssigned"
  }
}

# AI Foundry hubs: the flag is high_business_impact_enabled
resource "azurerm_storage_account" "fail_public_hub" {
  name                     = "hubpublic"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account" "pass_public_hub_not_hbi" {
  name                     = "hubpublicnormal"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_ai_foundry" "fail_hub_hbi_public_storage" {
  name                         = "hub-hbi"
  location                     = "westeurope"
  resource_group_name          = "ml"
  storage_account_id           = azurerm_storage_account.fail_public_hub.id
  key_vault_id                 = "/subscriptions/0/kv"
  high_business_impact_enabled = true
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_ai_foundry" "pass_hub_hbi_private_storage" {
  name                         = "hub-hbi-private"
  location                     = "westeurope"
  resource_group_name          = "ml"
  storage_account_id           = azurerm_storage_account.pass_private.id
  key_vault_id                 = "/subscriptions/0/kv"
  high_business_impact_enabled = true
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_ai_foundry" "pass_hub_not_hbi" {
  name                = "hub-normal"
  location            = "westeurope"
  resource_group_name = "ml"
  storage_account_id  = azurerm_storage_account.pass_public_hub_not_hbi.id
  key_vault_id        = "/subscriptions/0/kv"
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_ai_foundry" "unknown_hub_hbi_external_storage" {
  name                         = "hub-hbi-ext"
  location                     = "westeurope"
  resource_group_name          = "ml"
  storage_account_id           = var.external_storage_id
  key_vault_id                 = "/subscriptions/0/kv"
  high_business_impact_enabled = true
  identity {
    type = "SystemAssigned"
  }
}
