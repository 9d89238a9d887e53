# The azapi provider: the ssh block is properties.sshSettings, whose
# sshPublicAccess defaults to Disabled.
resource "azapi_resource" "pass_azapi_default" {
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

resource "azapi_resource" "pass_azapi_key_only" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "ci-azapi-key"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "ComputeInstance"
      properties = {
        sshSettings = {
          adminPublicKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQExample"
        }
      }
    }
  }
}

resource "azapi_resource" "fail_azapi_ssh_enabled" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "ci-azapi-ssh"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "ComputeInstance"
      properties = {
        sshSettings = {
          sshPublicAccess = "Enabled"
          adminPublicKey  = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQExample"
        }
      }
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_ssh_enabled" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2023-04-01"
  name      = "ci-azapi-json-ssh"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      computeType = "ComputeInstance"
      properties = {
        sshSettings = {
          sshPublicAccess = "Enabled"
        }
      }
    }
  })
}

# A compute cluster's SSH port is MLS-AML-012's.
resource "azapi_resource" "pass_azapi_compute_cluster" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi-ssh"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        sshSettings = {
          sshPublicAccess = "Enabled"
        }
        remoteLoginPortPublicAccess = "Enabled"
      }
    }
  }
}
