variable "rbac" {
  type = bool
}

resource "azurerm_kubernetes_cluster" "pass_default" {
  name                = "aml-serving"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "aml"
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "pass_explicit" {
  name                              = "aml-serving-2"
  location                          = "westeurope"
  resource_group_name               = "ml"
  dns_prefix                        = "aml2"
  role_based_access_control_enabled = true
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "fail_disabled" {
  name                              = "aml-serving-3"
  location                          = "westeurope"
  resource_group_name               = "ml"
  dns_prefix                        = "aml3"
  role_based_access_control_enabled = false
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "fail_legacy_block" {
  name                = "aml-serving-4"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "aml4"
  role_based_access_control {
    enabled = false
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

resource "azurerm_kubernetes_cluster" "unknown_rbac" {
  name                              = "aml-serving-5"
  location                          = "westeurope"
  resource_group_name               = "ml"
  dns_prefix                        = "aml5"
  role_based_access_control_enabled = var.rbac
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}
