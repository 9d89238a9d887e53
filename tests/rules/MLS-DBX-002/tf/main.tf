variable "cmk_enabled" {
  type = bool
}

variable "dbfs_key_id" {
  type = string
}

resource "azurerm_key_vault_key" "dbfs" {
  name         = "dbfs"
  key_vault_id = "/subscriptions/0000/resourceGroups/ml/providers/Microsoft.KeyVault/vaults/ml"
  key_type     = "RSA"
  key_size     = 2048
  key_opts     = ["wrapKey", "unwrapKey"]
}

resource "azurerm_key_vault_key" "services" {
  name         = "services"
  key_vault_id = "/subscriptions/0000/resourceGroups/ml/providers/Microsoft.KeyVault/vaults/ml"
  key_type     = "RSA"
  key_size     = 2048
  key_opts     = ["wrapKey", "unwrapKey"]
}

resource "azurerm_databricks_workspace" "pass_root_dbfs_key" {
  name                         = "dbw-cmk"
  resource_group_name          = "rg-ml"
  location                     = "westeurope"
  sku                          = "premium"
  customer_managed_key_enabled = true
}

resource "azurerm_databricks_workspace_root_dbfs_customer_managed_key" "cmk" {
  workspace_id     = azurerm_databricks_workspace.pass_root_dbfs_key.id
  key_vault_key_id = azurerm_key_vault_key.dbfs.id
}

# A key from a variable is still a key.
resource "azurerm_databricks_workspace" "pass_root_dbfs_key_from_variable" {
  name                         = "dbw-cmk-var"
  resource_group_name          = "rg-ml"
  location                     = "westeurope"
  sku                          = "premium"
  customer_managed_key_enabled = true
}

resource "azurerm_databricks_workspace_root_dbfs_customer_managed_key" "cmk_var" {
  workspace_id     = azurerm_databricks_workspace.pass_root_dbfs_key_from_variable.id
  key_vault_key_id = var.dbfs_key_id
}

# The provider 3.x resource (deprecated) sets the same DBFS root key.
resource "azurerm_databricks_workspace" "pass_deprecated_key_resource" {
  name                         = "dbw-cmk-v3"
  resource_group_name          = "rg-ml"
  location                     = "westeurope"
  sku                          = "premium"
  customer_managed_key_enabled = true
}

resource "azurerm_databricks_workspace_customer_managed_key" "cmk_v3" {
  workspace_id     = azurerm_databricks_workspace.pass_deprecated_key_resource.id
  key_vault_key_id = azurerm_key_vault_key.dbfs.id
}

resource "azurerm_databricks_workspace" "fail_default" {
  name                = "dbw-default"
  resource_group_name = "rg-ml"
  location            = "westeurope"
  sku                 = "premium"
}

# Prepared for CMK (storage identity only), but no key was ever set.
resource "azurerm_databricks_workspace" "fail_enabled_without_key" {
  name                         = "dbw-prepared"
  resource_group_name          = "rg-ml"
  location                     = "westeurope"
  sku                          = "premium"
  customer_managed_key_enabled = true
}

# Managed services and managed disk keys do not cover the DBFS root.
resource "azurerm_databricks_workspace" "fail_other_cmks_only" {
  name                                  = "dbw-services"
  resource_group_name                   = "rg-ml"
  location                              = "westeurope"
  sku                                   = "premium"
  customer_managed_key_enabled          = true
  managed_services_cmk_key_vault_key_id = azurerm_key_vault_key.services.id
  managed_disk_cmk_key_vault_key_id     = azurerm_key_vault_key.services.id
}

# The provider rejects the key resource while CMK is not enabled.
resource "azurerm_databricks_workspace" "fail_key_without_enabled" {
  name                = "dbw-key-only"
  resource_group_name = "rg-ml"
  location            = "westeurope"
  sku                 = "premium"
}

resource "azurerm_databricks_workspace_root_dbfs_customer_managed_key" "cmk_not_enabled" {
  workspace_id     = azurerm_databricks_workspace.fail_key_without_enabled.id
  key_vault_key_id = azurerm_key_vault_key.dbfs.id
}

# Standard and trial SKUs cannot have a DBFS root CMK.
resource "azurerm_databricks_workspace" "fail_standard_sku" {
  name                = "dbw-standard"
  resource_group_name = "rg-ml"
  location            = "westeurope"
  sku                 = "standard"
}

# A key resource that is not deployed gives the workspace no key.
resource "azurerm_databricks_workspace" "fail_key_not_deployed" {
  name                         = "dbw-count"
  resource_group_name          = "rg-ml"
  location                     = "westeurope"
  sku                          = "premium"
  customer_managed_key_enabled = true
}

resource "azurerm_databricks_workspace_root_dbfs_customer_managed_key" "disabled" {
  count            = 0
  workspace_id     = azurerm_databricks_workspace.fail_key_not_deployed.id
  key_vault_key_id = azurerm_key_vault_key.dbfs.id
}

resource "azurerm_databricks_workspace" "unknown_enabled_variable" {
  name                         = "dbw-var"
  resource_group_name          = "rg-ml"
  location                     = "westeurope"
  sku                          = "premium"
  customer_managed_key_enabled = var.cmk_enabled
}

resource "azurerm_databricks_workspace_root_dbfs_customer_managed_key" "cmk_unknown" {
  workspace_id     = azurerm_databricks_workspace.unknown_enabled_variable.id
  key_vault_key_id = azurerm_key_vault_key.dbfs.id
}
