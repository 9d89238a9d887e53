# The azapi provider: a datastore's secrets are properties.credentials.secrets.
resource "azapi_resource" "pass_azapi_identity" {
  type      = "Microsoft.MachineLearningServices/workspaces/datastores@2024-04-01"
  name      = "blob_identity"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = {
    properties = {
      datastoreType = "AzureBlob"
      accountName   = "mldata"
      containerName = "training"
      credentials = {
        credentialsType = "None"
      }
      serviceDataAccessAuthIdentity = "WorkspaceSystemAssignedIdentity"
    }
  }
}

resource "azapi_resource" "fail_azapi_account_key" {
  type      = "Microsoft.MachineLearningServices/workspaces/datastores@2024-04-01"
  name      = "blob_key"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = {
    properties = {
      datastoreType = "AzureBlob"
      accountName   = "mldata"
      containerName = "training"
      credentials = {
        credentialsType = "AccountKey"
        secrets = {
          secretsType = "AccountKey"
          key         = var.azapi_account_key
        }
      }
    }
  }
}

variable "azapi_account_key" {
  type      = string
  sensitive = true
}

resource "azapi_resource" "fail_azapi_sas" {
  type      = "Microsoft.MachineLearningServices/workspaces/datastores@2024-04-01"
  name      = "file_sas"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = {
    properties = {
      datastoreType = "AzureFile"
      accountName   = "mldata"
      fileShareName = "share"
      credentials = {
        credentialsType = "Sas"
        secrets = {
          secretsType = "Sas"
          sasToken    = "sv=2022-11-02&ss=f&sig=example"
        }
      }
    }
  }
}

# azapi 1.x: the body is a JSON string.
resource "azapi_resource" "fail_azapi_json_client_secret" {
  type      = "Microsoft.MachineLearningServices/workspaces/datastores@2023-04-01"
  name      = "adls_sp"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      datastoreType = "AzureDataLakeGen2"
      accountName   = "mllake"
      filesystem    = "raw"
      credentials = {
        credentialsType = "ServicePrincipal"
        tenantId        = "00000000-0000-0000-0000-000000000000"
        clientId        = "00000000-0000-0000-0000-000000000001"
        secrets = {
          secretsType  = "ServicePrincipal"
          clientSecret = "example-secret"
        }
      }
    }
  })
}

resource "azapi_resource" "fail_azapi_certificate" {
  type      = "Microsoft.MachineLearningServices/workspaces/datastores@2024-04-01"
  name      = "adls_cert"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = {
    properties = {
      datastoreType = "AzureDataLakeGen2"
      accountName   = "mllake"
      filesystem    = "raw"
      credentials = {
        credentialsType = "Certificate"
        tenantId        = "00000000-0000-0000-0000-000000000000"
        clientId        = "00000000-0000-0000-0000-000000000001"
        thumbprint      = "0000000000000000000000000000000000000000"
        secrets = {
          secretsType = "Certificate"
          certificate = "MIIExample"
        }
      }
    }
  }
}

resource "azapi_resource" "pass_azapi_json_identity" {
  type      = "Microsoft.MachineLearningServices/workspaces/datastores@2023-04-01"
  name      = "adls_identity"
  parent_id = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws"
  body = jsonencode({
    properties = {
      datastoreType = "AzureDataLakeGen2"
      accountName   = "mllake"
      filesystem    = "raw"
      credentials = {
        credentialsType = "None"
      }
    }
  })
}
