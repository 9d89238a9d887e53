variable "local_auth" {
  type = bool
}

resource "azurerm_machine_learning_compute_instance" "pass_entra_only" {
  name                          = "pass_entra_only"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  virtual_machine_size          = "STANDARD_DS3_V2"
  local_auth_enabled = false
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
  local_auth_enabled = true
}

resource "azurerm_machine_learning_compute_instance" "unknown_variable" {
  name                          = "unknown_variable"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  virtual_machine_size          = "STANDARD_DS3_V2"
  local_auth_enabled = var.local_auth
}

