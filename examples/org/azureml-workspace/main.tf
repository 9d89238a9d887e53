data "azurerm_client_config" "current" {}

resource "azurerm_resource_group" "ml" {
  name     = "${var.prefix}-ml-rg"
  location = var.location
  tags     = var.tags
}

resource "azurerm_application_insights" "ml" {
  name                = "${var.prefix}-ml-appi"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  application_type    = "web"
}

# ---------------------------------------------------------------------------
# Network (prod workspace only)
# ---------------------------------------------------------------------------

resource "azurerm_virtual_network" "ml" {
  name                = "${var.prefix}-ml-vnet"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  address_space       = var.vnet_address_space
}

resource "azurerm_subnet" "compute" {
  name                 = "compute"
  resource_group_name  = azurerm_resource_group.ml.name
  virtual_network_name = azurerm_virtual_network.ml.name
  address_prefixes     = [cidrsubnet(var.vnet_address_space[0], 8, 1)]
}

# ---------------------------------------------------------------------------
# Key vaults and the workspace CMK
# ---------------------------------------------------------------------------

resource "azurerm_key_vault" "ml" {
  name                       = "${var.prefix}-ml-kv"
  location                   = azurerm_resource_group.ml.location
  resource_group_name        = azurerm_resource_group.ml.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "premium"
  purge_protection_enabled   = true
  soft_delete_retention_days = 90

  network_acls {
    bypass                     = "AzureServices"
    default_action             = "Deny"
    virtual_network_subnet_ids = [azurerm_subnet.compute.id]
  }
}

resource "azurerm_key_vault_key" "workspace_cmk" {
  name         = "${var.prefix}-workspace-cmk"
  key_vault_id = azurerm_key_vault.ml.id
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]

  rotation_policy {
    expire_after         = "P1Y"
    notify_before_expiry = "P30D"

    automatic {
      time_before_expiry = "P30D"
    }
  }
}

# Sandbox vault gets torn down and recreated with the sandbox, so purge
# protection would block the next apply.
resource "azurerm_key_vault" "sandbox" {
  name                       = "${var.prefix}-sbx-kv"
  location                   = azurerm_resource_group.ml.location
  resource_group_name        = azurerm_resource_group.ml.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  purge_protection_enabled   = false
  soft_delete_retention_days = 7
}

resource "azurerm_user_assigned_identity" "workspace" {
  name                = "${var.prefix}-ml-workspace-id"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
}

# ---------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------

resource "azurerm_storage_account" "ml" {
  name                     = "${var.prefix}mlprodsa"
  resource_group_name      = azurerm_resource_group.ml.name
  location                 = azurerm_resource_group.ml.location
  account_tier             = "Standard"
  account_replication_type = "ZRS"

  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  public_network_access_enabled   = false
  allow_nested_items_to_be_public = false

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = [azurerm_subnet.compute.id]
  }
}

# Sandbox storage. TLS 1.0 is still needed by the label-studio VM that
# uploads annotations (old Java client).
resource "azurerm_storage_account" "sandbox" {
  name                     = "${var.prefix}mlsbxsa"
  resource_group_name      = azurerm_resource_group.ml.name
  location                 = azurerm_resource_group.ml.location
  account_tier             = "Standard"
  account_replication_type = "LRS"

  min_tls_version                 = "TLS1_0"
  allow_nested_items_to_be_public = true
}

resource "azurerm_storage_container" "sandbox_datasets" {
  name                  = "datasets"
  storage_account_id    = azurerm_storage_account.sandbox.id
  container_access_type = "private"
}
