variable "sas" {
  type      = string
  sensitive = true
}

resource "azurerm_machine_learning_datastore_blobstorage" "pass_identity" {
  name                       = "blob_identity"
  workspace_id               = "/subscriptions/0/ws"
  storage_container_id       = "/subscriptions/0/containers/data"
  service_data_auth_identity = "WorkspaceSystemAssignedIdentity"
}

resource "azurerm_machine_learning_datastore_blobstorage" "fail_account_key" {
  name                 = "blob_key"
  workspace_id         = "/subscriptions/0/ws"
  storage_container_id = "/subscriptions/0/containers/data"
  account_key          = "bXlzdG9yYWdla2V5bXlzdG9yYWdla2V5bXlzdG9yYWdla2V5"
}

resource "azurerm_machine_learning_datastore_fileshare" "pass_fileshare_identity" {
  name                  = "share_identity"
  workspace_id          = "/subscriptions/0/ws"
  storage_fileshare_id  = "/subscriptions/0/shares/data"
  service_data_identity = "WorkspaceSystemAssignedIdentity"
}

resource "azurerm_machine_learning_datastore_fileshare" "fail_sas_variable" {
  name                    = "share_sas"
  workspace_id            = "/subscriptions/0/ws"
  storage_fileshare_id    = "/subscriptions/0/shares/data"
  shared_access_signature = var.sas
}

resource "azurerm_machine_learning_datastore_datalake_gen2" "pass_datalake_identity" {
  name                 = "lake_identity"
  workspace_id         = "/subscriptions/0/ws"
  storage_container_id = "/subscriptions/0/containers/lake"
}

resource "azurerm_machine_learning_datastore_datalake_gen2" "fail_client_secret" {
  name                 = "lake_sp"
  workspace_id         = "/subscriptions/0/ws"
  storage_container_id = "/subscriptions/0/containers/lake"
  tenant_id            = "00000000-0000-0000-0000-000000000000"
  client_id            = "11111111-1111-1111-1111-111111111111"
  client_secret        = "not-a-real-secret"
}
