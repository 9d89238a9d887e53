# The azapi provider: disableLocalAuth sits on the compute itself.
resource "azapi_resource" "pass_azapi_entra_only" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "ci-azapi-entra"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType      = "ComputeInstance"
      disableLocalAuth = true
      properties = {
        vmSize = "Standard_DS3_v2"
      }
    }
  }
}

resource "azapi_resource" "fail_azapi_default" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "ci-azapi-default"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "ComputeInstance"
      properties = {
        vmSize = "Standard_DS3_v2"
      }
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_explicit" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2023-04-01"
  name      = "ci-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      computeType      = "ComputeInstance"
      disableLocalAuth = false
    }
  })
}

# A compute cluster with local auth is MLS-AML-003's.
resource "azapi_resource" "pass_azapi_compute_cluster" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-local"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType      = "AmlCompute"
      disableLocalAuth = false
    }
  }
}
