# The azapi provider: a compute instance is a workspaces/computes resource
# with computeType ComputeInstance.
resource "azapi_resource" "pass_azapi_no_public_ip" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "ci-azapi-private"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "ComputeInstance"
      properties = {
        vmSize             = "Standard_DS3_v2"
        enableNodePublicIp = false
        subnet = {
          id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.Network/virtualNetworks/vn/subnets/ml"
        }
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
resource "azapi_resource" "fail_azapi_json_public" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2023-04-01"
  name      = "ci-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      computeType = "ComputeInstance"
      properties = {
        vmSize             = "Standard_DS3_v2"
        enableNodePublicIp = true
      }
    }
  })
}

# A compute cluster with public IPs is MLS-AML-011's.
resource "azapi_resource" "pass_azapi_compute_cluster" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-public"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        vmSize             = "Standard_DS2_v2"
        enableNodePublicIp = true
      }
    }
  }
}
