variable "office_cidr" {
  type = string
}

variable "private" {
  type = bool
}

resource "azurerm_kubernetes_cluster" "pass_private" {
  name                    = "aml-serving"
  location                = "westeurope"
  resource_group_name     = "ml"
  dns_prefix              = "aml"
  private_cluster_enabled = true
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "pass_authorized" {
  name                = "aml-serving-2"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "aml2"
  api_server_access_profile {
    authorized_ip_ranges = ["203.0.113.0/24", "198.51.100.7/32"]
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

resource "azurerm_kubernetes_cluster" "pass_legacy_authorized" {
  name                            = "aml-serving-3"
  location                        = "westeurope"
  resource_group_name             = "ml"
  dns_prefix                      = "aml3"
  api_server_authorized_ip_ranges = ["203.0.113.0/24"]
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "fail_public" {
  name                = "aml-serving-4"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "aml4"
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "fail_world_range" {
  name                = "aml-serving-5"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "aml5"
  api_server_access_profile {
    authorized_ip_ranges = ["0.0.0.0/0"]
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

resource "azurerm_kubernetes_cluster" "fail_empty_profile" {
  name                    = "aml-serving-6"
  location                = "westeurope"
  resource_group_name     = "ml"
  dns_prefix              = "aml6"
  private_cluster_enabled = false
  api_server_access_profile {
    authorized_ip_ranges = []
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

resource "azurerm_kubernetes_cluster" "pass_office_var" {
  name                = "aml-serving-7"
  location            = "westeurope"
  resource_group_name = "ml"
  dns_prefix          = "aml7"
  api_server_access_profile {
    authorized_ip_ranges = ["${var.office_cidr}/32"]
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

resource "azurerm_kubernetes_cluster" "unknown_private" {
  name                    = "aml-serving-8"
  location                = "westeurope"
  resource_group_name     = "ml"
  dns_prefix              = "aml8"
  private_cluster_enabled = var.private
  default_node_pool {
    name       = "gpu"
    vm_size    = "Standard_NC6s_v3"
    node_count = 1
  }
  identity {
    type = "SystemAssigned"
  }
}
