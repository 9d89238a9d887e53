variable "public" {
  type = bool
}

resource "azurerm_search_service" "pass_private" {
  name                          = "rag-private"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  sku                           = "standard"
  public_network_access_enabled = false
}

resource "azurerm_search_service" "fail_default" {
  name                = "rag-default"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku                 = "standard"
}

resource "azurerm_search_service" "fail_explicit" {
  name                          = "rag-open"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  sku                           = "standard"
  public_network_access_enabled = true
  allowed_ips                   = ["203.0.113.0/24"]
}

resource "azurerm_search_service" "unknown_variable" {
  name                          = "rag-var"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  sku                           = "standard"
  public_network_access_enabled = var.public
}
