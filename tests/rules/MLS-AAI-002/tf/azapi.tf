# The azapi provider: the ARM type and its properties, an object in
# azapi 2.x, a jsonencode()d string in 1.x.
resource "azapi_resource" "pass_azapi_entra_only" {
  type      = "Microsoft.CognitiveServices/accounts@2025-06-01"
  name      = "ais-azapi-entra"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    kind = "AIServices"
    sku = {
      name = "S0"
    }
    properties = {
      customSubDomainName = "acme-ais-entra"
      disableLocalAuth    = true
    }
  }
}

# disableLocalAuth left out: the service default is false, keys work.
resource "azapi_resource" "fail_azapi_default" {
  type      = "Microsoft.CognitiveServices/accounts@2024-10-01"
  name      = "oai-azapi-keys"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    kind = "OpenAI"
    sku = {
      name = "S0"
    }
    properties = {
      customSubDomainName = "acme-oai-keys"
    }
  }
}

resource "azapi_resource" "fail_azapi_json_keys" {
  type      = "Microsoft.CognitiveServices/accounts@2023-05-01"
  name      = "speech-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = jsonencode({
    kind = "SpeechServices"
    sku = {
      name = "S0"
    }
    properties = {
      disableLocalAuth = false
    }
  })
}

resource "azapi_resource" "pass_azapi_json_entra_only" {
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
      disableLocalAuth = true
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
      disableLocalAuth = !var.local_auth
    }
  }
}
