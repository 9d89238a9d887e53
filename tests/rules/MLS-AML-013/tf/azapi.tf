# The azapi provider: the node admin account is
# properties.userAccountCredentials.
resource "azapi_resource" "pass_azapi_ssh_key" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-key"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        userAccountCredentials = {
          adminUserName         = "azureuser"
          adminUserSshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample"
        }
      }
    }
  }
}

resource "azapi_resource" "pass_azapi_no_credentials" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-nocred"
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

resource "azapi_resource" "fail_azapi_password" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-password"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        userAccountCredentials = {
          adminUserName     = "azureuser"
          adminUserPassword = var.azapi_admin_password
        }
      }
    }
  }
}

variable "azapi_admin_password" {
  type      = string
  sensitive = true
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_password" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2023-04-01"
  name      = "cc-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      computeType = "AmlCompute"
      properties = {
        userAccountCredentials = {
          adminUserName     = "azureuser"
          adminUserPassword = "Passw0rd!"
        }
      }
    }
  })
}

# An attached VirtualMachine compute has its own credentials
# (administratorAccount): not a cluster's.
resource "azapi_resource" "pass_azapi_attached_vm" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "vm-azapi"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "VirtualMachine"
      resourceId  = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/vm"
      properties = {
        administratorAccount = {
          username = "azureuser"
          password = "Passw0rd!"
        }
      }
    }
  }
}
