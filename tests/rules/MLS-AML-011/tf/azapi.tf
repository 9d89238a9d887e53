# The azapi provider: enableNodePublicIp defaults to true in the ARM API.
resource "azapi_resource" "pass_azapi_no_public_ip" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-private"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        vmSize             = "Standard_DS2_v2"
        enableNodePublicIp = false
        subnet = {
          id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.Network/virtualNetworks/vn/subnets/ml"
        }
        scaleSettings = {
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
resource "azapi_resource" "fail_azapi_json_public" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2023-04-01"
  name      = "cc-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      computeType = "AmlCompute"
      properties = {
        enableNodePublicIp = true
      }
    }
  })
}

resource "azapi_resource" "pass_azapi_json_private" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2023-04-01"
  name      = "cc-azapi-json-private"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      computeType = "AmlCompute"
      properties = {
        enableNodePublicIp = false
      }
    }
  })
}

# A compute instance with a public IP is MLS-AML-008's.
resource "azapi_resource" "pass_azapi_compute_instance" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "ci-azapi-public"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "ComputeInstance"
      properties = {
        enableNodePublicIp = true
      }
    }
  }
}
