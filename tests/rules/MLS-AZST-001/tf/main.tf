variable "v" {}


resource "azurerm_storage_account" "pass_disallowed" {
  name                     = "passdisallowed"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  allow_nested_items_to_be_public = false
}

resource "azurerm_storage_account" "pass_legacy_2x" {
  name                     = "passlegacy2x"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  allow_blob_public_access = false
}

resource "azurerm_storage_account" "fail_allowed" {
  name                     = "failallowed"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  allow_nested_items_to_be_public = true
}

resource "azurerm_storage_account" "fail_default" {
  name                     = "faildefault"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account" "fail_new_overrides_legacy" {
  name                     = "failnewoverrideslegacy"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  allow_nested_items_to_be_public = true
  allow_blob_public_access        = false
}

resource "azurerm_storage_account" "unknown_variable" {
  name                     = "unknownvariable"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  allow_nested_items_to_be_public = var.v
}

