# The azapi provider (Azure Verified Modules declare the workspace this way):
# the registry is body.properties.containerRegistry.
resource "azapi_resource" "pass_azapi_registry_admin_off" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-acr"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      storageAccount    = "/subscriptions/0/sa"
      containerRegistry = azurerm_container_registry.admin_off.id
    }
  }
}

resource "azapi_resource" "pass_azapi_no_registry" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-noacr"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      storageAccount = "/subscriptions/0/sa"
    }
  }
}

resource "azapi_resource" "fail_azapi_registry_admin_on" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-acr-admin"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      storageAccount    = "/subscriptions/0/sa"
      containerRegistry = azurerm_container_registry.admin_on.id
    }
  }
}

# azapi 1.x: the body is a JSON string; the reference survives jsonencode.
resource "azapi_resource" "fail_azapi_json_registry_admin_on" {
  type      = "Microsoft.MachineLearningServices/workspaces@2023-04-01"
  name      = "ws-azapi-json-acr-admin"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = jsonencode({
    properties = {
      containerRegistry = azurerm_container_registry.admin_on.id
    }
  })
}

resource "azapi_resource" "pass_azapi_json_registry_admin_off" {
  type      = "Microsoft.MachineLearningServices/workspaces@2023-04-01"
  name      = "ws-azapi-json-acr"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = jsonencode({
    properties = {
      containerRegistry = azurerm_container_registry.admin_off.id
    }
  })
}

# The AVM module writes try(var.container_registry.resource_id, null).
resource "azapi_resource" "pass_azapi_null_registry" {
  type      = "Microsoft.MachineLearningServices/workspaces@2025-07-01-preview"
  name      = "ws-azapi-null-acr"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      containerRegistry = null
    }
    kind = "Default"
  }
}

# Other references from the body (storage, key vault) are not a registry.
resource "azurerm_storage_account" "ml" {
  name                     = "mlstorage"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_key_vault" "ml" {
  name                = "ml-kv"
  resource_group_name = "ml"
  location            = "westeurope"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azapi_resource" "pass_azapi_other_references" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-refs"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      storageAccount = azurerm_storage_account.ml.id
      keyVault       = azurerm_key_vault.ml.id
    }
  }
}

# A registry from a variable is outside the module: no reference.
variable "azapi_registry_id" {
  type = string
}

resource "azapi_resource" "pass_azapi_registry_variable" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-var-acr"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      containerRegistry = var.azapi_registry_id
    }
  }
}
