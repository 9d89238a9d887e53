# The azapi provider: ARM's IP rules are networkRuleSet.ipRules[*].value.

# No IP rule at all: open, but that is MLS-AAI-005's finding.
resource "azapi_resource" "pass_azapi_no_ip_rules" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "rag-azapi-default"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    sku = {
      name = "standard"
    }
    properties = {}
  }
}

resource "azapi_resource" "pass_azapi_known_ranges" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "rag-azapi-known"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    sku = {
      name = "standard"
    }
    properties = {
      publicNetworkAccess = "enabled"
      networkRuleSet = {
        ipRules = [
          { value = "203.0.113.0/24" },
          { value = "198.51.100.7" },
        ]
      }
    }
  }
}

# IP rules apply only while public network access is enabled.
resource "azapi_resource" "pass_azapi_disabled_stale_list" {
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
      networkRuleSet = {
        ipRules = [{ value = "0.0.0.0/0" }]
      }
    }
  }
}

resource "azapi_resource" "pass_azapi_perimeter_stale_list" {
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
      networkRuleSet = {
        ipRules = [{ value = "0.0.0.0/0" }]
      }
    }
  }
}

# publicNetworkAccess left out: enabled, so the /0 rule admits everyone.
resource "azapi_resource" "fail_azapi_any_cidr" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "rag-azapi-any"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    sku = {
      name = "standard"
    }
    properties = {
      networkRuleSet = {
        ipRules = [
          { value = "203.0.113.0/24" },
          { value = "0.0.0.0/0" },
        ]
      }
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_slash_zero" {
  type      = "Microsoft.Search/searchServices@2023-11-01"
  name      = "rag-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = jsonencode({
    sku = {
      name = "standard"
    }
    properties = {
      publicNetworkAccess = "Enabled"
      networkRuleSet = {
        ipRules = [{ value = "10.1.2.3/0" }]
      }
    }
  })
}

resource "azapi_resource" "unknown_azapi_ips_variable" {
  type      = "Microsoft.Search/searchServices@2025-05-01"
  name      = "rag-azapi-var"
  parent_id = "/subscriptions/0/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    sku = {
      name = "standard"
    }
    properties = {
      networkRuleSet = {
        ipRules = [for ip in var.allowed_ips : { value = ip }]
      }
    }
  }
}
