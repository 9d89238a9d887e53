variable "identity_type" {
  type = string
}

resource "azurerm_search_service" "pass_system_identity" {
  name                = "pass-identity"
  resource_group_name = "ml"
  location            = "westeurope"
  sku                 = "standard"
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_search_service" "fail_no_identity" {
  name                = "fail-identity"
  resource_group_name = "ml"
  location            = "westeurope"
  sku                 = "standard"
}

resource "azurerm_search_service" "pass_identity_from_variable" {
  name                = "var-identity"
  resource_group_name = "ml"
  location            = "westeurope"
  sku                 = "standard"
  identity {
    type = var.identity_type
  }
}
