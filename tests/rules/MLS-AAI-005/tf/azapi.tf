# The azapi provider (the Azure Verified Module for AI Search declares the
# service this way). The Search API spells its values in lower case.
resource "azapi_resource" "pass_azapi_disabled" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "rag-azapi-private"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    sku = {
      name = "standard"
    }
    properties = {
      publicNetworkAccess = "disabled"
    }
  }
}

# azapi 1.x, and the capitalised spelling.
resource "azapi_resource" "pass_azapi_json_disabled" {
  type      = "Microsoft.Search/searchServices@2023-11-01"
  name      = "rag-azapi-json-private"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = jsonencode({
    sku = {
      name = "basic"
    }
    properties = {
      publicNetworkAccess = "Disabled"
    }
  })
}

# publicNetworkAccess left out: the service default is enabled.
resource "azapi_resource" "fail_azapi_default" {
  type      = "microsoft.search/searchservices@2025-05-01"
  name      = "rag-azapi-default"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    sku = {
      name = "standard"
    }
    properties = {
      replicaCount = 1
    }
  }
}

resource "azapi_resource" "fail_azapi_json_enabled" {
  type      = "Microsoft.Search/searchServices@2023-11-01"
  name      = "rag-azapi-json-open"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = jsonencode({
    sku = {
      name = "standard"
    }
    properties = {
      publicNetworkAccess = "enabled"
      networkRuleSet = {
        ipRules = [{ value = "203.0.113.0/24" }]
      }
    }
  })
}

# Public access left to a network security perimeter's inbound rules.
resource "azapi_resource" "fail_azapi_secured_by_perimeter" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "rag-azapi-nsp"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    sku = {
      name = "standard"
    }
    properties = {
      publicNetworkAccess = "securedByPerimeter"
    }
  }
}

resource "azapi_resource" "unknown_azapi_variable" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "rag-azapi-var"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    sku = {
      name = "standard"
    }
    properties = {
      publicNetworkAccess = var.public ? "enabled" : "disabled"
    }
  }
}

# Another ARM type: not this rule's.
resource "azapi_resource" "openai" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "oai"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    kind = "OpenAI"
    properties = {
      publicNetworkAccess = "Enabled"
    }
  }
}
