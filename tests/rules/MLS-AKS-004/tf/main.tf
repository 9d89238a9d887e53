variable "local_off" {
  type = bool
}

resource "azurerm_kubernetes_cluster" "pass_disabled" {
  name                = "pass-disabled"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "passdisabled"
  local_account_disabled = true
  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
  }
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "fail_default" {
  name                = "fail-default"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "faildefault"
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "fail_false" {
  name                = "fail-false"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "failfalse"
  local_account_disabled = false
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "unknown_var" {
  name                = "unknown-var"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "unknownvar"
  local_account_disabled = var.local_off
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}
