variable "password" {
  type      = string
  sensitive = true
}

resource "azurerm_machine_learning_compute_cluster" "pass_ssh_key" {
  name                          = "pass_ssh_key"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT15M"
  }
  ssh {
    admin_username = "azureuser"
    key_value      = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample"
  }
}

resource "azurerm_machine_learning_compute_cluster" "pass_no_ssh" {
  name                          = "pass_no_ssh"
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

resource "azurerm_machine_learning_compute_cluster" "fail_literal_password" {
  name                          = "fail_literal_password"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT15M"
  }
  ssh {
    admin_username = "azureuser"
    admin_password = "Sup3rSecret!"
  }
}

resource "azurerm_machine_learning_compute_cluster" "fail_variable_password" {
  name                          = "fail_variable_password"
  location                      = "westeurope"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT15M"
  }
  ssh {
    admin_username = "azureuser"
    admin_password = var.password
  }
}

