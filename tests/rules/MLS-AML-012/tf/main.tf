variable "ssh_public" {
  type = bool
}

resource "azurerm_machine_learning_compute_cluster" "pass_default" {
  name                          = "pass_default"
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

resource "azurerm_machine_learning_compute_cluster" "pass_explicit_off" {
  name                          = "pass_explicit_off"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT15M"
  }
  ssh_public_access_enabled = false
}

resource "azurerm_machine_learning_compute_cluster" "fail_ssh_public" {
  name                          = "fail_ssh_public"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT15M"
  }
  ssh_public_access_enabled = true
  ssh {
    admin_username = "azureuser"
    key_value      = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample"
  }
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
  ssh_public_access_enabled = var.ssh_public
}

