variable "local_auth" {
  type = bool
}

resource "azurerm_cognitive_account" "pass_entra_only" {
  name                = "oai-entra"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  kind                = "OpenAI"
  sku_name            = "S0"
  local_auth_enabled  = false
}

resource "azurerm_cognitive_account" "fail_default" {
  name                = "oai-keys"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  kind                = "OpenAI"
  sku_name            = "S0"
}

resource "azurerm_cognitive_account" "fail_explicit" {
  name                = "speech"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  kind                = "SpeechServices"
  sku_name            = "S0"
  local_auth_enabled  = true
}

resource "azurerm_cognitive_account" "unknown_variable" {
  name                = "oai-var"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  kind                = "OpenAI"
  sku_name            = "S0"
  local_auth_enabled  = var.local_auth
}

resource "azurerm_ai_services" "pass_ai_services_entra_only" {
  name                         = "ais-entra"
  location                     = "westeurope"
  resource_group_name          = "rg-ml"
  sku_name                     = "S0"
  local_authentication_enabled = false
}

resource "azurerm_ai_services" "fail_ai_services_default" {
  name                = "ais-keys"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku_name            = "S0"
}

# azurerm_cognitive_account's argument does not exist on azurerm_ai_services
# (the provider rejects it): keys stay on all the same.
resource "azurerm_ai_services" "fail_ai_services_other_resources_argument" {
  name                = "ais-wrong"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku_name            = "S0"
  local_auth_enabled  = false
}
