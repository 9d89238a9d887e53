variable "public_ip" {
  type = bool
}

resource "azurerm_machine_learning_compute_cluster" "pass_private_nodes" {
  name                          = "pass_private_nodes"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT15M"
  }
  node_public_ip_enabled = false
  subnet_resource_id     = "/subscriptions/0/subnets/ml"
}

resource "azurerm_machine_learning_compute_cluster" "fail_default" {
  name                          = "fail_default"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT15M"
  }

}

resource "azurerm_machine_learning_compute_cluster" "fail_explicit" {
  name                          = "fail_explicit"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT15M"
  }
  node_public_ip_enabled = true
}

resource "azurerm_machine_learning_compute_cluster" "unknown_variable" {
  name                          = "unknown_variable"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT15M"
  }
  node_public_ip_enabled = var.public_ip
}

