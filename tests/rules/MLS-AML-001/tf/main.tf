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

# The azapi provider (Azure Verified Modules declare the workspace this
# way): the ARM type and its properties, an object in azapi 2.x.
resource "azapi_resource" "pass_azapi_private" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      publicNetworkAccess = "Disabled"
      storageAccount      = "/subscriptions/0/sa"
    }
  }
}

resource "azapi_resource" "fail_azapi_default_public" {
  type      = "microsoft.machinelearningservices/workspaces@2025-07-01-preview"
  name      = "ws-azapi-default"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = {
    properties = {
      storageAccount = "/subscriptions/0/sa"
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_public" {
  type      = "Microsoft.MachineLearningServices/workspaces@2023-04-01"
  name      = "ws-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = jsonencode({
    properties = {
      publicNetworkAccess = "Enabled"
    }
  })
}

resource "azapi_resource" "pass_azapi_json_private" {
  type      = "Microsoft.MachineLearningServices/workspaces@2023-04-01"
  name      = "ws-azapi-json-private"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = jsonencode({
    properties = {
      publicNetworkAccess = "Disabled"
      keyVault            = var.key_vault_id
    }
  })
}

resource "azapi_resource" "fail_azapi_behind_vnet" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-vnet"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = {
    properties = {
      publicNetworkAccess             = "Disabled"
      allowPublicAccessWhenBehindVnet = true
    }
  }
}

resource "azapi_resource" "unknown_azapi_variable" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-var"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = {
    properties = {
      publicNetworkAccess = var.public ? "Enabled" : "Disabled"
    }
  }
}

variable "key_vault_id" {
  type = string
}

# Another ARM type: not this rule's.
resource "azapi_resource" "storage" {
  type      = "Microsoft.Storage/storageAccounts@2023-01-01"
  name      = "sa"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = {
    properties = {
      publicNetworkAccess = "Enabled"
    }
  }
}

# A hub-based project: reached through its hub, whose access decides.
resource "azapi_resource" "pass_azapi_hub_project" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-10-01"
  name      = "ws-azapi-project"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    kind = "project"
    properties = {
      hubResourceId = azapi_resource.pass_azapi_private.id
    }
  }
}
