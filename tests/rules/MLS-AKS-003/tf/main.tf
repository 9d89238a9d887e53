variable "policy" {
  type = string
}

resource "azurerm_kubernetes_cluster" "pass_azure_policy" {
  name                = "pass-azure-policy"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "passazurepolicy"
  network_profile {
    network_plugin = "azure"
    network_policy = "azure"
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

resource "azurerm_kubernetes_cluster" "pass_calico" {
  name                = "pass-calico"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "passcalico"
  network_profile {
    network_plugin = "kubenet"
    network_policy = "calico"
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

resource "azurerm_kubernetes_cluster" "pass_cilium_data_plane" {
  name                = "pass-cilium-data-plane"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "passciliumdataplane"
  network_profile {
    network_plugin     = "azure"
    network_data_plane = "cilium"
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

resource "azurerm_kubernetes_cluster" "fail_no_profile" {
  name                = "fail-no-profile"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "failnoprofile"
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "fail_plugin_only" {
  name                = "fail-plugin-only"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "failpluginonly"
  network_profile {
    network_plugin = "azure"
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

resource "azurerm_kubernetes_cluster" "unknown_policy" {
  name                = "unknown-policy"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "unknownpolicy"
  network_profile {
    network_plugin = "azure"
    network_policy = var.policy
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
