# The azapi provider: a compute cluster is a workspaces/computes resource
# with computeType AmlCompute; disableLocalAuth sits on the compute itself.
variable "azapi_disable_local_auth" {
  type = bool
}

resource "azapi_resource" "pass_azapi_entra_only" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-entra"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType      = "AmlCompute"
      disableLocalAuth = true
      properties = {
        vmSize = "Standard_DS2_v2"
        scaleSettings = {
          minNodeCount = 0
          maxNodeCount = 2
        }
      }
    }
  }
}

resource "azapi_resource" "fail_azapi_default" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-default"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        vmSize = "Standard_DS2_v2"
        scaleSettings = {
          maxNodeCount = 2
        }
      }
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_explicit" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2023-04-01"
  name      = "cc-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = jsonencode({
    properties = {
      computeType      = "AmlCompute"
      disableLocalAuth = false
      properties = {
        vmSize = "Standard_DS2_v2"
      }
    }
  })
}

# A compute instance is MLS-AML-009's.
resource "azapi_resource" "pass_azapi_compute_instance" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "ci-azapi"
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

resource "azapi_resource" "unknown_azapi_variable" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-var"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType      = "AmlCompute"
      disableLocalAuth = var.azapi_disable_local_auth
    }
  }
}
