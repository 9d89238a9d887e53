# The azapi provider: identity is azapi's own block, as on azurerm ...
resource "azapi_resource" "pass_azapi_system_assigned" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "ais-azapi-msi"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  identity {
    type = "SystemAssigned"
  }
  body = {
    kind = "AIServices"
    sku = {
      name = "S0"
    }
    properties = {
      customSubDomainName = "acme-ais-msi"
    }
  }
}

# ... or ARM's identity object inside the body (azapi 1.x, jsonencode).
resource "azapi_resource" "pass_azapi_json_body_identity" {
  type      = "Microsoft.CognitiveServices/accounts@2023-05-01"
  name      = "oai-azapi-json-msi"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = jsonencode({
    kind = "OpenAI"
    identity = {
      type = "UserAssigned"
      userAssignedIdentities = {
        "/subscriptions/0/resourceGroups/rg-ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/oai" = {}
      }
    }
    sku = {
      name = "S0"
    }
    properties = {}
  })
}

# No identity at all: the account has none.
resource "azapi_resource" "fail_azapi_no_identity" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "oai-azapi-none"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    kind = "OpenAI"
    sku = {
      name = "S0"
    }
    properties = {}
  }
}

# type = "None" removes every identity.
resource "azapi_resource" "fail_azapi_identity_none" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "oai-azapi-none-type"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  identity {
    type = "None"
  }
  body = {
    kind = "OpenAI"
    properties = {}
  }
}

# The type from a variable may be "None".
resource "azapi_resource" "unknown_azapi_identity_variable" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "oai-azapi-var"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  identity {
    type = var.identity_type
  }
  body = {
    kind = "OpenAI"
    properties = {}
  }
}
