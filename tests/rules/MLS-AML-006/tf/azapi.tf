# The azapi provider (Azure Verified Modules declare the workspace this way).
resource "azapi_resource" "pass_azapi_approved_only" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-approved"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      managedNetwork = {
        isolationMode = "AllowOnlyApprovedOutbound"
      }
    }
  }
}

resource "azapi_resource" "fail_azapi_default" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-default"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      storageAccount = "/subscriptions/0/sa"
    }
  }
}

resource "azapi_resource" "fail_azapi_internet_outbound" {
  type      = "Microsoft.MachineLearningServices/workspaces@2025-07-01-preview"
  name      = "hub-azapi-internet"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      managedNetwork = {
        isolationMode = "AllowInternetOutbound"
        status = {
          sparkReady = false
        }
      }
    }
    kind = "Hub"
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_disabled" {
  type      = "Microsoft.MachineLearningServices/workspaces@2023-10-01"
  name      = "ws-azapi-json-off"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = jsonencode({
    properties = {
      managedNetwork = {
        isolationMode = "Disabled"
      }
    }
  })
}

resource "azapi_resource" "pass_azapi_json_approved_only" {
  type      = "Microsoft.MachineLearningServices/workspaces@2023-10-01"
  name      = "ws-azapi-json-approved"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = jsonencode({
    properties = {
      managedNetwork = {
        isolationMode = "AllowOnlyApprovedOutbound"
        outboundRules = {}
      }
    }
  })
}

# A hub-based project's network isolation is its hub's.
resource "azapi_resource" "pass_azapi_project" {
  type      = "Microsoft.MachineLearningServices/workspaces@2025-07-01-preview"
  name      = "proj-azapi"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  location  = "westeurope"
  body = {
    properties = {
      hubResourceId = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/hub"
    }
    kind = "Project"
  }
}

variable "azapi_isolation_mode" {
  type = string
}

resource "azapi_resource" "unknown_azapi_variable" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws-azapi-var"
  parent_id = "/subscriptions/0/resourceGroups/ml"
  body = {
    properties = {
      managedNetwork = {
        isolationMode = var.azapi_isolation_mode
      }
    }
  }
}
