variable "min_nodes" {
  type = number
}

resource "azurerm_machine_learning_compute_cluster" "pass_zero" {
  name                          = "cc-zero"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "LowPriority"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 4
    scale_down_nodes_after_idle_duration = "PT15M"
  }
}

resource "azurerm_machine_learning_compute_cluster" "fail_two_nodes" {
  name                          = "cc-two"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 2
    max_node_count                       = 4
    scale_down_nodes_after_idle_duration = "PT15M"
  }
}

resource "azurerm_machine_learning_compute_cluster" "fail_no_scale_settings" {
  name                          = "cc-missing"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
}

resource "azurerm_machine_learning_compute_cluster" "unknown_variable" {
  name                          = "cc-var"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = var.min_nodes
    max_node_count                       = 4
    scale_down_nodes_after_idle_duration = "PT15M"
  }
}
