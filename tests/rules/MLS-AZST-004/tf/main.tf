variable "v" {}


resource "azurerm_storage_account" "pass_inline_deny" {
  name                     = "passinlinedeny"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = ["/subscriptions/0/resourceGroups/ml/providers/Microsoft.Network/virtualNetworks/ml/subnets/training"]
  }
}

resource "azurerm_storage_account" "pass_public_access_off" {
  name                     = "passpublicaccessoff"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  public_network_access_enabled = false
}

resource "azurerm_storage_account" "pass_separate_rules" {
  name                     = "passseparaterules"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account" "fail_separate_allow" {
  name                     = "failseparateallow"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account" "fail_inline_allow" {
  name                     = "failinlineallow"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  network_rules {
    default_action = "Allow"
    ip_rules       = ["0.0.0.0/0"]
  }
}

resource "azurerm_storage_account" "fail_default" {
  name                     = "faildefault"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account" "unknown_variable" {
  name                     = "unknownvariable"
  resource_group_name      = "ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  network_rules {
    default_action = var.v
  }
}

resource "azurerm_storage_account_network_rules" "deny" {
  storage_account_id = azurerm_storage_account.pass_separate_rules.id
  default_action     = "Deny"
  bypass             = ["AzureServices"]
}

resource "azurerm_storage_account_network_rules" "allow" {
  storage_account_id = azurerm_storage_account.fail_separate_allow.id
  default_action     = "Allow"
}

# azurerm 2.x linked the rules by the account's name.
resource "azurerm_storage_account" "pass_rules_by_name_reference" {
  name                     = "mlrulesbyname"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account_network_rules" "by_name_reference" {
  resource_group_name  = "rg"
  storage_account_name = azurerm_storage_account.pass_rules_by_name_reference.name
  default_action       = "Deny"
}

resource "azurerm_storage_account" "pass_rules_by_name_string" {
  name                     = "mlrulesbystring"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account_network_rules" "by_name_string" {
  resource_group_name  = "rg"
  storage_account_name = "mlrulesbystring"
  default_action       = "Deny"
}

resource "azurerm_storage_account" "fail_rules_by_name_allow" {
  name                     = "mlrulesallow"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account_network_rules" "by_name_allow" {
  resource_group_name  = "rg"
  storage_account_name = "mlrulesallow"
  default_action       = "Allow"
}
