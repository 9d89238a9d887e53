resource "azurerm_machine_learning_compute_instance" "pass_no_ssh" {
  name                          = "pass_no_ssh"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  virtual_machine_size          = "STANDARD_DS3_V2"
  local_auth_enabled = false
}

resource "azurerm_machine_learning_compute_instance" "fail_ssh_key" {
  name                          = "fail_ssh_key"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  virtual_machine_size          = "STANDARD_DS3_V2"
  ssh {
    public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample alice@example.com"
  }
}

