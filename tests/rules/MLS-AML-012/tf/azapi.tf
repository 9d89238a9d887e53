# The azapi provider: remoteLoginPortPublicAccess defaults to NotSpecified,
# closed when the cluster is in a subnet and open otherwise.
resource "azapi_resource" "pass_azapi_disabled" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-closed"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        vmSize                      = "Standard_DS2_v2"
        remoteLoginPortPublicAccess = "Disabled"
      }
    }
  }
}

resource "azapi_resource" "pass_azapi_default_in_subnet" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-subnet"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        vmSize = "Standard_DS2_v2"
        subnet = {
          id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.Network/virtualNetworks/vn/subnets/ml"
        }
      }
    }
  }
}

resource "azapi_resource" "fail_azapi_default_no_subnet" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-default"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        vmSize = "Standard_DS2_v2"
      }
    }
  }
}

resource "azapi_resource" "fail_azapi_enabled_in_subnet" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-open"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        remoteLoginPortPublicAccess = "Enabled"
        subnet = {
          id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.Network/virtualNetworks/vn/subnets/ml"
        }
      }
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_not_specified" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2023-04-01"
  name      = "cc-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      computeType = "AmlCompute"
      properties = {
        remoteLoginPortPublicAccess = "NotSpecified"
      }
    }
  })
}

resource "azapi_resource" "pass_azapi_json_disabled" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2023-04-01"
  name      = "cc-azapi-json-closed"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      computeType = "AmlCompute"
      properties = {
        remoteLoginPortPublicAccess = "Disabled"
      }
    }
  })
}

# A compute instance's SSH is MLS-AML-010's.
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

variable "azapi_remote_login" {
  type = string
}

resource "azapi_resource" "unknown_azapi_variable" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-var"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        remoteLoginPortPublicAccess = var.azapi_remote_login
      }
    }
  }
}
