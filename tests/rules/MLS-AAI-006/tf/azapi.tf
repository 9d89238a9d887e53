# The azapi provider: ARM's encryption object names the Key Vault key.
resource "azapi_resource" "pass_azapi_cmk" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "pass-azapi-cmk"
  parent_id = "/subscriptions/0000/resourceGroups/ml"
  location  = "westeurope"
  identity {
    type         = "UserAssigned"
    identity_ids = ["/subscriptions/0000/resourceGroups/ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/oai"]
  }
  body = {
    kind = "OpenAI"
    sku = {
      name = "S0"
    }
    properties = {
      customSubDomainName = "acme-oai-cmk"
      encryption = {
        keySource = "Microsoft.KeyVault"
        keyVaultProperties = {
          keyName          = azurerm_key_vault_key.openai.name
          keyVaultUri      = "https://ml.vault.azure.net/"
          keyVersion       = azurerm_key_vault_key.openai.version
          identityClientId = "00000000-0000-0000-0000-000000000001"
        }
      }
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "pass_azapi_json_cmk" {
  type      = "Microsoft.CognitiveServices/accounts@2023-05-01"
  name      = "pass-azapi-json-cmk"
  parent_id = "/subscriptions/0000/resourceGroups/ml"
  location  = "westeurope"
  identity {
    type = "SystemAssigned"
  }
  body = jsonencode({
    kind = "OpenAI"
    sku = {
      name = "S0"
    }
    properties = {
      encryption = {
        keySource = "Microsoft.KeyVault"
        keyVaultProperties = {
          keyName     = "openai"
          keyVaultUri = "https://ml.vault.azure.net/"
          keyVersion  = "0123456789abcdef0123456789abcdef"
        }
      }
    }
  })
}

# The key set by azurerm's key resource on an azapi account.
resource "azapi_resource" "pass_azapi_key_resource" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "pass-azapi-resource"
  parent_id = "/subscriptions/0000/resourceGroups/ml"
  location  = "westeurope"
  identity {
    type = "SystemAssigned"
  }
  body = {
    kind = "OpenAI"
    sku = {
      name = "S0"
    }
    properties = {}
  }
}

resource "azurerm_cognitive_account_customer_managed_key" "azapi" {
  cognitive_account_id = azapi_resource.pass_azapi_key_resource.id
  key_vault_key_id     = azurerm_key_vault_key.openai.id
}

# The key set afterwards by a PATCH (the Azure Verified Module does this
# for an HSM key).
resource "azapi_resource" "pass_azapi_update_resource" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "pass-azapi-patch"
  parent_id = "/subscriptions/0000/resourceGroups/ml"
  location  = "westeurope"
  identity {
    type = "SystemAssigned"
  }
  body = {
    kind = "AIServices"
    sku = {
      name = "S0"
    }
    properties = {}
  }
}

resource "azapi_update_resource" "hsm_key" {
  type        = "Microsoft.CognitiveServices/accounts@2025-06-01"
  resource_id = azapi_resource.pass_azapi_update_resource.id
  body = {
    properties = {
      encryption = {
        keySource = "Microsoft.KeyVault"
        keyVaultProperties = {
          keyName     = "openai"
          keyVaultUri = "https://ml-hsm.managedhsm.azure.net/"
          keyVersion  = "0123456789abcdef0123456789abcdef"
        }
      }
    }
  }
}

# encryption left out: the service default is Microsoft-managed keys.
resource "azapi_resource" "fail_azapi_default" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "fail-azapi-none"
  parent_id = "/subscriptions/0000/resourceGroups/ml"
  location  = "westeurope"
  body = {
    kind = "OpenAI"
    sku = {
      name = "S0"
    }
    properties = {}
  }
}

resource "azapi_resource" "fail_azapi_json_microsoft_managed" {
  type      = "Microsoft.CognitiveServices/accounts@2023-05-01"
  name      = "fail-azapi-json"
  parent_id = "/subscriptions/0000/resourceGroups/ml"
  location  = "westeurope"
  body = jsonencode({
    kind = "AIServices"
    sku = {
      name = "S0"
    }
    properties = {
      encryption = {
        keySource = "Microsoft.CognitiveServices"
      }
    }
  })
}

resource "azapi_resource" "unknown_azapi_key_source_variable" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "unknown-azapi-var"
  parent_id = "/subscriptions/0000/resourceGroups/ml"
  location  = "westeurope"
  body = {
    kind = "OpenAI"
    properties = {
      encryption = {
        keySource = var.key_source
        keyVaultProperties = {
          keyName     = "openai"
          keyVaultUri = "https://ml.vault.azure.net/"
        }
      }
    }
  }
}

variable "key_source" {
  type = string
}
