variable "v" {
  type = bool
}

resource "azurerm_container_registry" "pass_explicit" {
  name                = "passexplicit"
  resource_group_name = "ml"
  location            = "westeurope"
  sku                 = "Premium"
  anonymous_pull_enabled = false
}

resource "azurerm_container_registry" "fail_explicit" {
  name                = "failexplicit"
  resource_group_name = "ml"
  location            = "westeurope"
  sku                 = "Premium"
  anonymous_pull_enabled = true
}

resource "azurerm_container_registry" "unknown_variable" {
  name                = "unknownvariable"
  resource_group_name = "ml"
  location            = "westeurope"
  sku                 = "Premium"
  anonymous_pull_enabled = var.v
}

resource "azurerm_container_registry" "pass_default" {
  name                = "passdefault"
  resource_group_name = "ml"
  location            = "westeurope"
  sku                 = "Premium"
}


# the Basic SKU has no anonymous pull
resource "azurerm_container_registry" "pass_basic_sku" {
  name                   = "mlbasic"
  resource_group_name    = "ml"
  location               = "westeurope"
  sku                    = "Basic"
  anonymous_pull_enabled = true
}
