variable "v" {}


resource "azurerm_storage_account" "pass_default" {
  name                     = "passdefault"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account" "pass_explicit_4x" {
  name                     = "passexplicit4x"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  https_traffic_only_enabled = true
}

resource "azurerm_storage_account" "pass_explicit_3x" {
  name                     = "passexplicit3x"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  enable_https_traffic_only = true
}

resource "azurerm_storage_account" "fail_disabled_4x" {
  name                     = "faildisabled4x"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  https_traffic_only_enabled = false
}

resource "azurerm_storage_account" "fail_disabled_3x" {
  name                     = "faildisabled3x"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  enable_https_traffic_only = false
}

resource "azurerm_storage_account" "unknown_variable" {
  name                     = "unknownvariable"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  https_traffic_only_enabled = var.v
}

