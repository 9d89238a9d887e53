resource "azurerm_storage_account" "pass_with_endpoint" {
  name                     = "passwithendpoint"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account" "fail_no_endpoint" {
  name                     = "failnoendpoint"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account" "fail_endpoint_for_other" {
  name                     = "failendpointforother"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_private_endpoint" "blob" {
  name                = "ml-blob"
  location            = "westeurope"
  resource_group_name = "ml"
  subnet_id           = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.Network/virtualNetworks/ml/subnets/endpoints"
  private_service_connection {
    name                           = "ml-blob"
    private_connection_resource_id = azurerm_storage_account.pass_with_endpoint.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }
}

resource "azurerm_key_vault" "kv" {
  name                = "mlkv"
  location            = "westeurope"
  resource_group_name = "ml"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

# An endpoint for another resource that only mentions the account in a tag
# must not count.
resource "azurerm_private_endpoint" "kv" {
  name                = "ml-kv"
  location            = "westeurope"
  resource_group_name = "ml"
  subnet_id           = "/subscriptions/0/resourceGroups/ml/providers/Microsoft.Network/virtualNetworks/ml/subnets/endpoints"
  tags = {
    storage = azurerm_storage_account.fail_endpoint_for_other.name
  }
  private_service_connection {
    name                           = "ml-kv"
    private_connection_resource_id = azurerm_key_vault.kv.id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }
}
