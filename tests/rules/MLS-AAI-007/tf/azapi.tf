# The azapi provider: azapi's own identity block ...
resource "azapi_resource" "pass_azapi_system_identity" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "pass-azapi-identity"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  identity {
    type = "SystemAssigned"
  }
  body = {
    sku = {
      name = "standard"
    }
    properties = {}
  }
}

# ... or ARM's identity object in the body (the Azure Verified Module for
# AI Search puts it there).
resource "azapi_resource" "pass_azapi_body_identity" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "pass-azapi-body-identity"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    sku = {
      name = "standard"
    }
    identity = {
      type = "SystemAssigned"
    }
    properties = {}
  }
}

# No identity: the service has none.
resource "azapi_resource" "fail_azapi_no_identity" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "fail-azapi-identity"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    sku = {
      name = "standard"
    }
    properties = {}
  }
}

# azapi 1.x: "None" removes every identity.
resource "azapi_resource" "fail_azapi_json_identity_none" {
  type      = "Microsoft.Search/searchServices@2023-11-01"
  name      = "fail-azapi-json-none"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = jsonencode({
    sku = {
      name = "basic"
    }
    identity = {
      type = "None"
    }
    properties = {}
  })
}

resource "azapi_resource" "unknown_azapi_identity_variable" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "var-azapi-identity"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  identity {
    type = var.identity_type
  }
  body = {
    sku = {
      name = "standard"
    }
    properties = {}
  }
}
