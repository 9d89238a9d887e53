variable "v" {}


resource "azurerm_storage_account" "pass_disabled" {
  name                     = "passdisabled"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  public_network_access_enabled = false
}

resource "azurerm_storage_account" "fail_enabled" {
  name                     = "failenabled"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  public_network_access_enabled = true
}

resource "azurerm_storage_account" "fail_default" {
  name                     = "faildefault"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account" "unknown_variable" {
  name                     = "unknownvariable"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  public_network_access_enabled = var.v
}

