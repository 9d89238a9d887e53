# The azapi provider: an inference cluster is a workspaces/computes
# resource with computeType AKS; the ssl block is
# properties.sslConfiguration.
resource "azapi_resource" "pass_azapi_leaf_domain" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "ic-azapi-auto"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AKS"
      resourceId  = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.ContainerService/managedClusters/serving"
      properties = {
        clusterPurpose = "FastProd"
        sslConfiguration = {
          status          = "Auto"
          leafDomainLabel = "ml-scoring"
        }
      }
    }
  }
}

resource "azapi_resource" "pass_azapi_certificate" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "ic-azapi-cert"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AKS"
      resourceId  = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.ContainerService/managedClusters/serving"
      properties = {
        sslConfiguration = {
          status = "Enabled"
          cert   = var.azapi_tls_cert
          key    = var.azapi_tls_key
          cname  = "scoring.example.com"
        }
      }
    }
  }
}

variable "azapi_tls_cert" {
  type = string
}

variable "azapi_tls_key" {
  type      = string
  sensitive = true
}

resource "azapi_resource" "fail_azapi_no_ssl" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "ic-azapi-plain"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  location  = "westeurope"
  body = {
    properties = {
      computeType = "AKS"
      resourceId  = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.ContainerService/managedClusters/serving"
      properties = {
        clusterPurpose = "DevTest"
      }
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_disabled" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2023-04-01"
  name      = "ic-azapi-json"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      computeType = "AKS"
      resourceId  = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.ContainerService/managedClusters/serving"
      properties = {
        sslConfiguration = {
          status = "Disabled"
        }
      }
    }
  })
}

# A compute cluster serves no endpoints.
resource "azapi_resource" "pass_azapi_compute_cluster" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "cc-azapi"
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
