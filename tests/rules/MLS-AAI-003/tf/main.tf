variable "identity_type" {
  type = string
}

resource "azurerm_cognitive_account" "pass_system_assigned" {
  name                = "oai-msi"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  kind                = "OpenAI"
  sku_name            = "S0"
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_cognitive_account" "pass_identity_from_variable" {
  name                = "oai-var"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  kind                = "OpenAI"
  sku_name            = "S0"
  identity {
    type = var.identity_type
  }
}

resource "azurerm_cognitive_account" "fail_no_identity" {
  name                = "oai-none"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  kind                = "OpenAI"
  sku_name            = "S0"
}

resource "azurerm_ai_services" "pass_ai_services_user_assigned" {
  name                = "ais-msi"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku_name            = "S0"
  identity {
    type         = "UserAssigned"
    identity_ids = ["/subscriptions/0/resourceGroups/rg-ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ais"]
  }
}

resource "azurerm_ai_services" "fail_ai_services_no_identity" {
  name                = "ais-none"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku_name            = "S0"
}
