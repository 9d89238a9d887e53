resource "azurerm_key_vault_key" "openai" {
  name         = "openai"
  key_vault_id = "/subscriptions/0000/resourceGroups/ml/providers/Microsoft.KeyVault/vaults/ml"
  key_type     = "RSA"
  key_size     = 2048
  key_opts     = ["wrapKey", "unwrapKey"]
}

resource "azurerm_cognitive_account" "pass_inline_key" {
  name                = "pass-inline"
  location            = "westeurope"
  resource_group_name = "ml"
  kind                = "OpenAI"
  sku_name            = "S0"
  identity {
    type = "SystemAssigned"
  }
  customer_managed_key {
    key_vault_key_id = azurerm_key_vault_key.openai.id
  }
}

resource "azurerm_cognitive_account" "pass_key_resource" {
  name                = "pass-resource"
  location            = "westeurope"
  resource_group_name = "ml"
  kind                = "OpenAI"
  sku_name            = "S0"
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_cognitive_account_customer_managed_key" "openai" {
  cognitive_account_id = azurerm_cognitive_account.pass_key_resource.id
  key_vault_key_id     = azurerm_key_vault_key.openai.id
}

resource "azurerm_cognitive_account" "fail_no_key" {
  name                = "fail-none"
  location            = "westeurope"
  resource_group_name = "ml"
  kind                = "OpenAI"
  sku_name            = "S0"
}

resource "azurerm_ai_services" "fail_ai_services_no_key" {
  name                = "fail-ai"
  location            = "westeurope"
  resource_group_name = "ml"
  sku_name            = "S0"
}

# A key resource that is not deployed gives the account no key.
resource "azurerm_cognitive_account" "fail_key_not_deployed" {
  name                = "fail-count"
  location            = "westeurope"
  resource_group_name = "ml"
  kind                = "OpenAI"
  sku_name            = "S0"
}

resource "azurerm_cognitive_account_customer_managed_key" "disabled" {
  count                = 0
  cognitive_account_id = azurerm_cognitive_account.fail_key_not_deployed.id
  key_vault_key_id     = azurerm_key_vault_key.openai.id
}

# a customer_managed_key block whose key id is empty holds no key
resource "azurerm_cognitive_account" "fail_empty_key" {
  name                = "fail-empty"
  location            = "westeurope"
  resource_group_name = "ml"
  kind                = "OpenAI"
  sku_name            = "S0"
  customer_managed_key {
    key_vault_key_id = ""
  }
}

# azurerm_ai_services may take a managed HSM key instead
resource "azurerm_ai_services" "pass_ai_services_hsm_key" {
  name                = "pass-ai-hsm"
  location            = "westeurope"
  resource_group_name = "ml"
  sku_name            = "S0"
  customer_managed_key {
    managed_hsm_key_id = "https://ml-hsm.managedhsm.azure.net/keys/ai/0123456789abcdef0123456789abcdef"
  }
}
