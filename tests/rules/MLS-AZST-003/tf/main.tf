variable "access" {}

resource "azurerm_storage_account" "ml" {
  name                     = "mldata"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_container" "pass_private" {
  name                  = "datasets"
  storage_account_id    = azurerm_storage_account.ml.id
  container_access_type = "private"
}

resource "azurerm_storage_container" "pass_default" {
  name               = "checkpoints"
  storage_account_id = azurerm_storage_account.ml.id
}

resource "azurerm_storage_container" "fail_blob" {
  name                  = "models"
  storage_account_id    = azurerm_storage_account.ml.id
  container_access_type = "blob"
}

resource "azurerm_storage_container" "fail_container_legacy_name" {
  name                  = "exports"
  storage_account_name  = azurerm_storage_account.ml.name
  container_access_type = "container"
}

resource "azurerm_storage_container" "unknown_variable" {
  name                  = "scratch"
  storage_account_id    = azurerm_storage_account.ml.id
  container_access_type = var.access
}
