variable "public" {
  type = bool
}

resource "azurerm_databricks_workspace" "pass_private_link" {
  name                                  = "dbw-private"
  resource_group_name                   = "rg-ml"
  location                              = "westeurope"
  sku                                   = "premium"
  public_network_access_enabled         = false
  network_security_group_rules_required = "NoAzureDatabricksRules"
}

resource "azurerm_databricks_workspace" "fail_default" {
  name                = "dbw-default"
  resource_group_name = "rg-ml"
  location            = "westeurope"
  sku                 = "premium"
}

resource "azurerm_databricks_workspace" "fail_explicit" {
  name                          = "dbw-open"
  resource_group_name           = "rg-ml"
  location                      = "westeurope"
  sku                           = "standard"
  public_network_access_enabled = true
}

resource "azurerm_databricks_workspace" "unknown_variable" {
  name                          = "dbw-var"
  resource_group_name           = "rg-ml"
  location                      = "westeurope"
  sku                           = "premium"
  public_network_access_enabled = var.public
}
