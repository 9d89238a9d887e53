# The azapi provider: the account's kind is ARM's top-level body.kind.
resource "azapi_resource" "pass_azapi_restricted" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "oai-azapi-dlp"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    kind = "OpenAI"
    sku = {
      name = "S0"
    }
    properties = {
      customSubDomainName           = "acme-oai-dlp"
      restrictOutboundNetworkAccess = true
      allowedFqdnList               = ["acmesearch.search.windows.net"]
    }
  }
}

# Not an Azure OpenAI account: out of scope, as on azurerm.
resource "azapi_resource" "pass_azapi_not_openai" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "speech-azapi"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    kind = "SpeechServices"
    sku = {
      name = "S0"
    }
    properties = {}
  }
}

# restrictOutboundNetworkAccess left out: the service default is false.
resource "azapi_resource" "fail_azapi_default" {
  type      = "Microsoft.CognitiveServices/accounts@2024-10-01"
  name      = "oai-azapi-open"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    kind = "OpenAI"
    sku = {
      name = "S0"
    }
    properties = {
      customSubDomainName = "acme-oai-open"
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_unrestricted" {
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
      restrictOutboundNetworkAccess = false
    }
  })
}

resource "azapi_resource" "pass_azapi_json_restricted" {
  type      = "Microsoft.CognitiveServices/accounts@2023-05-01"
  name      = "oai-azapi-json-dlp"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = jsonencode({
    kind = "OpenAI"
    properties = {
      restrictOutboundNetworkAccess = true
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
      restrictOutboundNetworkAccess = var.restricted
    }
  }
}
