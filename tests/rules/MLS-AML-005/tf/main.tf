resource "azurerm_key_vault_key" "ml" {
  name         = "ml-cmk"
  key_vault_id = "/subscriptions/0/kv"
  key_type     = "RSA"
  key_size     = 2048
  key_opts     = ["wrapKey", "unwrapKey"]
}

resource "azurerm_machine_learning_workspace" "pass_cmk" {
  name                    = "ws-cmk"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = "/subscriptions/0/sa"
  identity {
    type = "SystemAssigned"
  }
  encryption {
    key_vault_id = "/subscriptions/0/kv"
    key_id       = azurerm_key_vault_key.ml.id
  }
}

resource "azurerm_machine_learning_workspace" "fail_no_encryption" {
  name                    = "ws-mmk"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = "/subscriptions/0/sa"
  identity {
    type = "SystemAssigned"
  }
}

# an empty key id is no key
resource "azurerm_machine_learning_workspace" "fail_empty_key" {
  name                    = "ws-empty-key"
  location                = "westeurope"
  resource_group_name     = "ml"
  application_insights_id = "/subscriptions/0/ai"
  key_vault_id            = "/subscriptions/0/kv"
  storage_account_id      = "/subscriptions/0/sa"
  identity {
    type = "SystemAssigned"
  }
  encryption {
    key_vault_id = "/subscriptions/0/kv"
    key_id       = ""
  }
}
