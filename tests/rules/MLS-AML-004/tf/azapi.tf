# The azapi provider: scaleSettings.minNodeCount defaults to 0 in the ARM API.
resource "azapi_resource" "pass_azapi_zero" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-zero"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        vmSize = "Standard_DS2_v2"
        scaleSettings = {
          minNodeCount                = 0
          maxNodeCount                = 4
          nodeIdleTimeBeforeScaleDown = "PT15M"
        }
      }
    }
  }
}

resource "azapi_resource" "pass_azapi_default" {
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
          maxNodeCount = 4
        }
      }
    }
  }
}

resource "azapi_resource" "fail_azapi_warm_nodes" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-warm"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        vmSize = "Standard_DS2_v2"
        scaleSettings = {
          minNodeCount = 2
          maxNodeCount = 4
        }
      }
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2023-04-01"
  name      = "cc-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      computeType = "AmlCompute"
      properties = {
        scaleSettings = {
          minNodeCount = 1
          maxNodeCount = 4
        }
      }
    }
  })
}

# A compute instance has no scale settings.
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
