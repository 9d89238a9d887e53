# The azapi provider (Azure Verified Modules declare AI Services accounts
# this way): the ARM type and its properties, an object in azapi 2.x.
resource "azapi_resource" "pass_azapi_private" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "ais-azapi-private"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    kind = "AIServices"
    sku = {
      name = "S0"
    }
    properties = {
      customSubDomainName = "acme-ais-azapi"
      publicNetworkAccess = "Disabled"
    }
  }
}

# publicNetworkAccess left out: the service default is Enabled.
resource "azapi_resource" "fail_azapi_default_public" {
  type      = "microsoft.cognitiveservices/accounts@2024-10-01"
  name      = "oai-azapi-default"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    kind = "OpenAI"
    sku = {
      name = "S0"
    }
    properties = {
      customSubDomainName = "acme-oai-azapi"
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_enabled" {
  type      = "Microsoft.CognitiveServices/accounts@2023-05-01"
  name      = "vision-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = jsonencode({
    kind = "ComputerVision"
    sku = {
      name = "S1"
    }
    properties = {
      publicNetworkAccess = "Enabled"
    }
  })
}

resource "azapi_resource" "pass_azapi_json_disabled" {
  type      = "Microsoft.CognitiveServices/accounts@2023-05-01"
  name      = "oai-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = jsonencode({
    kind = "OpenAI"
    sku = {
      name = "S0"
    }
    properties = {
      customSubDomainName = "acme-oai-json"
      publicNetworkAccess = "Disabled"
    }
  })
}

resource "azapi_resource" "unknown_azapi_variable" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "oai-azapi-var"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    kind = "OpenAI"
    properties = {
      publicNetworkAccess = var.public ? "Enabled" : "Disabled"
    }
  }
}

# Another ARM type: not this rule's.
resource "azapi_resource" "search" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "rag"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    properties = {
      publicNetworkAccess = "enabled"
    }
  }
}
