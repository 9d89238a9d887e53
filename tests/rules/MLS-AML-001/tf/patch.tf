# azapi_update_resource patches an azurerm workspace after it is made:
# where the patch sets publicNetworkAccess, the patch decides.
resource "azurerm_machine_learning_workspace" "pass_public_then_patched_private" {
  name                          = "mlw-patched"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  application_insights_id       = "appi"
  key_vault_id                  = "kv"
  storage_account_id            = "st"
  public_network_access_enabled = true
  identity {
    type = "SystemAssigned"
  }
}

resource "azapi_update_resource" "make_private" {
  type        = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  resource_id = azurerm_machine_learning_workspace.pass_public_then_patched_private.id
  body = {
    properties = {
      publicNetworkAccess = "Disabled"
    }
  }
}

resource "azurerm_ai_foundry" "fail_private_then_patched_public" {
  name                          = "hub-patched"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  storage_account_id            = "st"
  key_vault_id                  = "kv"
  public_network_access         = "Disabled"
  identity {
    type = "SystemAssigned"
  }
}

resource "azapi_update_resource" "make_public" {
  type        = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  resource_id = azurerm_ai_foundry.fail_private_then_patched_public.id
  body = jsonencode({
    properties = {
      publicNetworkAccess = "Enabled"
    }
  })
}

# A patch of something else leaves the workspace's own setting to decide.
resource "azurerm_machine_learning_workspace" "fail_public_patched_elsewhere" {
  name                          = "mlw-other-patch"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  application_insights_id       = "appi"
  key_vault_id                  = "kv"
  storage_account_id            = "st"
  public_network_access_enabled = true
  identity {
    type = "SystemAssigned"
  }
}

resource "azapi_update_resource" "other" {
  type        = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  resource_id = azurerm_machine_learning_workspace.fail_public_patched_elsewhere.id
  body = {
    properties = {
      managedNetwork = {
        isolationMode = "AllowOnlyApprovedOutbound"
      }
    }
  }
}
