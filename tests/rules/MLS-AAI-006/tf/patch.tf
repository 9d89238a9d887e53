# An azurerm account whose customer-managed key is set by an
# azapi_update_resource patch (the properties azurerm has no argument for).
resource "azurerm_cognitive_account" "pass_key_by_patch" {
  name                = "oai-patched"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  kind                = "OpenAI"
  sku_name            = "S0"
}

resource "azapi_update_resource" "cmk" {
  type        = "Microsoft.CognitiveServices/accounts@2024-10-01"
  resource_id = azurerm_cognitive_account.pass_key_by_patch.id
  body = {
    properties = {
      encryption = {
        keySource = "Microsoft.KeyVault"
        keyVaultProperties = {
          keyName     = "k"
          keyVaultUri = "https://kv.vault.azure.net/"
        }
      }
    }
  }
}

# A patch back to Microsoft-managed keys.
resource "azurerm_ai_services" "fail_key_removed_by_patch" {
  name                = "ais-patched"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku_name            = "S0"
  customer_managed_key {
    key_vault_key_id = "https://kv.vault.azure.net/keys/k/1"
  }
}

resource "azapi_update_resource" "no_cmk" {
  type        = "Microsoft.CognitiveServices/accounts@2024-10-01"
  resource_id = azurerm_ai_services.fail_key_removed_by_patch.id
  body = {
    properties = {
      encryption = {
        keySource = "Microsoft.CognitiveServices"
      }
    }
  }
}
