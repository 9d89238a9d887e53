variable "v" {}


resource "azurerm_key_vault" "pass_enabled" {
  name                = "pass-enabled"
  location            = "westeurope"
  resource_group_name = "ml"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
  purge_protection_enabled = true
}

resource "azurerm_key_vault" "fail_default" {
  name                = "fail-default"
  location            = "westeurope"
  resource_group_name = "ml"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azurerm_key_vault" "fail_disabled" {
  name                = "fail-disabled"
  location            = "westeurope"
  resource_group_name = "ml"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
  purge_protection_enabled = false
}

resource "azurerm_key_vault" "unknown_variable" {
  name                = "unknown-variable"
  location            = "westeurope"
  resource_group_name = "ml"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
  purge_protection_enabled = var.v
}

