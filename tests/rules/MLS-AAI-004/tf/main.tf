variable "restricted" {
  type = bool
}

resource "azurerm_cognitive_account" "pass_restricted" {
  name                               = "oai-dlp"
  location                           = "westeurope"
  resource_group_name                = "rg-ml"
  kind                               = "OpenAI"
  sku_name                           = "S0"
  outbound_network_access_restricted = true
  fqdns                              = ["acmesearch.search.windows.net"]
}

resource "azurerm_cognitive_account" "pass_restricted_nothing_allowed" {
  name                               = "oai-closed"
  location                           = "westeurope"
  resource_group_name                = "rg-ml"
  kind                               = "OpenAI"
  sku_name                           = "S0"
  outbound_network_access_restricted = true
}

resource "azurerm_cognitive_account" "pass_not_openai" {
  name                = "vision"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  kind                = "ComputerVision"
  sku_name            = "S1"
}

resource "azurerm_cognitive_account" "fail_default" {
  name                = "oai-open"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  kind                = "OpenAI"
  sku_name            = "S0"
}

resource "azurerm_cognitive_account" "fail_explicit" {
  name                               = "oai-explicit"
  location                           = "westeurope"
  resource_group_name                = "rg-ml"
  kind                               = "OpenAI"
  sku_name                           = "S0"
  outbound_network_access_restricted = false
}

resource "azurerm_cognitive_account" "unknown_variable" {
  name                               = "oai-var"
  location                           = "westeurope"
  resource_group_name                = "rg-ml"
  kind                               = "OpenAI"
  sku_name                           = "S0"
  outbound_network_access_restricted = var.restricted
}
