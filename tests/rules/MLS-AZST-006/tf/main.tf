variable "v" {}


resource "azurerm_storage_account" "pass_default" {
  name                     = "passdefault"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account" "pass_tls12" {
  name                     = "passtls12"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version = "TLS1_2"
}

resource "azurerm_storage_account" "fail_tls10" {
  name                     = "failtls10"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version = "TLS1_0"
}

resource "azurerm_storage_account" "fail_tls11" {
  name                     = "failtls11"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version = "TLS1_1"
}

resource "azurerm_storage_account" "unknown_variable" {
  name                     = "unknownvariable"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version = var.v
}

