variable "enabled" {
  type = bool
}

resource "azurerm_network_watcher_flow_log" "pass_enabled" {
  name                 = "ml-nsg-flow"
  network_watcher_name = "nw"
  resource_group_name  = "ml"
  target_resource_id   = "/subscriptions/0/nsg/ml"
  storage_account_id   = "/subscriptions/0/sa/flow"
  enabled              = true
  retention_policy {
    enabled = true
    days    = 90
  }
}

resource "azurerm_network_watcher_flow_log" "fail_disabled" {
  name                 = "ml-nsg-flow-off"
  network_watcher_name = "nw"
  resource_group_name  = "ml"
  target_resource_id   = "/subscriptions/0/nsg/ml"
  storage_account_id   = "/subscriptions/0/sa/flow"
  enabled              = false
  retention_policy {
    enabled = false
    days    = 0
  }
}

resource "azurerm_network_watcher_flow_log" "fail_enabled_absent" {
  name                 = "ml-nsg-flow-absent"
  network_watcher_name = "nw"
  resource_group_name  = "ml"
  target_resource_id   = "/subscriptions/0/nsg/ml"
  storage_account_id   = "/subscriptions/0/sa/flow"
  retention_policy {
    enabled = true
    days    = 90
  }
}

resource "azurerm_network_watcher_flow_log" "unknown_variable" {
  name                 = "ml-nsg-flow-var"
  network_watcher_name = "nw"
  resource_group_name  = "ml"
  target_resource_id   = "/subscriptions/0/nsg/ml"
  storage_account_id   = "/subscriptions/0/sa/flow"
  enabled              = var.enabled
  retention_policy {
    enabled = true
    days    = 90
  }
}
