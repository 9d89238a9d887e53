variable "public" {
  type = bool
}

resource "azurerm_cognitive_account" "pass_private" {
  name                          = "oai-private"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  kind                          = "OpenAI"
  sku_name                      = "S0"
  custom_subdomain_name         = "acme-oai-private"
  public_network_access_enabled = false
}

resource "azurerm_cognitive_account" "fail_default" {
  name                = "oai-default"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  kind                = "OpenAI"
  sku_name            = "S0"
}

resource "azurerm_cognitive_account" "fail_explicit" {
  name                          = "vision"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  kind                          = "ComputerVision"
  sku_name                      = "S1"
  public_network_access_enabled = true
}

resource "azurerm_cognitive_account" "unknown_variable" {
  name                          = "oai-var"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  kind                          = "OpenAI"
  sku_name                      = "S0"
  public_network_access_enabled = var.public
}

resource "azurerm_ai_services" "pass_ai_services_disabled" {
  name                  = "ais-private"
  location              = "westeurope"
  resource_group_name   = "rg-ml"
  sku_name              = "S0"
  custom_subdomain_name = "acme-ais"
  public_network_access = "Disabled"
}

resource "azurerm_ai_services" "fail_ai_services_default" {
  name                = "ais-default"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku_name            = "S0"
}

resource "azurerm_ai_services" "fail_ai_services_enabled" {
  name                  = "ais-open"
  location              = "westeurope"
  resource_group_name   = "rg-ml"
  sku_name              = "S0"
  public_network_access = "Enabled"
}

# azurerm_cognitive_account's argument does not exist on azurerm_ai_services
# (the provider rejects it): public by default all the same.
resource "azurerm_ai_services" "fail_ai_services_other_resources_argument" {
  name                          = "ais-wrong"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  sku_name                      = "S0"
  public_network_access_enabled = false
}
