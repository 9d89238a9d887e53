variable "public_ip" {
  type = bool
}

resource "azurerm_machine_learning_compute_instance" "pass_no_public_ip" {
  name                          = "pass_no_public_ip"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  virtual_machine_size          = "STANDARD_DS3_V2"
  node_public_ip_enabled = false
  subnet_resource_id     = "/subscriptions/0/subnets/ml"
}

resource "azurerm_machine_learning_compute_instance" "fail_default" {
  name                          = "fail_default"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  virtual_machine_size          = "STANDARD_DS3_V2"

}

resource "azurerm_machine_learning_compute_instance" "fail_explicit" {
  name                          = "fail_explicit"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  virtual_machine_size          = "STANDARD_DS3_V2"
  node_public_ip_enabled = true
}

resource "azurerm_machine_learning_compute_instance" "unknown_variable" {
  name                          = "unknown_variable"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  virtual_machine_size          = "STANDARD_DS3_V2"
  node_public_ip_enabled = var.public_ip
  subnet_resource_id     = "/subscriptions/0/subnets/ml"
}

