# The azapi provider (Azure Verified Modules declare the workspace this way).
resource "azapi_resource" "pass_azapi_cmk" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-cmk"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      storageAccount = "/subscriptions/0/sa"
      encryption = {
        status = "Enabled"
        keyVaultProperties = {
          keyVaultArmId = "/subscriptions/0/kv"
          keyIdentifier = azurerm_key_vault_key.ml.id
        }
      }
    }
    kind = "Default"
  }
}

resource "azapi_resource" "fail_azapi_no_encryption" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-mmk"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      storageAccount = "/subscriptions/0/sa"
    }
  }
}

# The AVM module writes `encryption = null` when no key is given.
resource "azapi_resource" "fail_azapi_null_encryption" {
  type      = "Microsoft.MachineLearningServices/workspaces@2025-07-01-preview"
  name      = "ws-azapi-null"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      encryption = null
    }
    kind = "Hub"
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_disabled" {
  type      = "Microsoft.MachineLearningServices/workspaces@2023-04-01"
  name      = "ws-azapi-json-off"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = jsonencode({
    properties = {
      encryption = {
        status = "Disabled"
        keyVaultProperties = {
          keyVaultArmId = "/subscriptions/0/kv"
          keyIdentifier = "https://kv.vault.azure.net/keys/ml/1"
        }
      }
    }
  })
}

resource "azapi_resource" "pass_azapi_json_cmk" {
  type      = "Microsoft.MachineLearningServices/workspaces@2023-04-01"
  name      = "ws-azapi-json-cmk"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = jsonencode({
    properties = {
      encryption = {
        status = "Enabled"
        keyVaultProperties = {
          keyVaultArmId = "/subscriptions/0/kv"
          keyIdentifier = "https://kv.vault.azure.net/keys/ml/1"
        }
      }
    }
  })
}

# A hub-based project keeps its data on its hub's resources, under the
# hub's key.
resource "azapi_resource" "pass_azapi_project" {
  type      = "Microsoft.MachineLearningServices/workspaces@2025-07-01-preview"
  name      = "proj-azapi"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      hubResourceId = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/hub"
    }
    kind = "Project"
  }
}

variable "azapi_cmk_status" {
  type = string
}

resource "azapi_resource" "unknown_azapi_variable" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-var"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = {
    properties = {
      encryption = {
        status = var.azapi_cmk_status
        keyVaultProperties = {
          keyVaultArmId = "/subscriptions/0/kv"
          keyIdentifier = "https://kv.vault.azure.net/keys/ml/1"
        }
      }
    }
  }
}
