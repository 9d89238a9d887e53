variable "local_auth" {
  type = bool
}

resource "azurerm_machine_learning_compute_cluster" "pass_entra_only" {
  name                          = "cc-entra"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  local_auth_enabled            = false
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT30S"
  }
}

resource "azurerm_machine_learning_compute_cluster" "fail_default" {
  name                          = "cc-default"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT30S"
  }
}

resource "azurerm_machine_learning_compute_cluster" "fail_explicit" {
  name                          = "cc-local"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  local_auth_enabled            = true
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT30S"
  }
}

resource "azurerm_machine_learning_compute_cluster" "unknown_variable" {
  name                          = "cc-var"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  local_auth_enabled            = var.local_auth
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT30S"
  }
}
