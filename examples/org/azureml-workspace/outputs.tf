output "workspace_ids" {
  value = {
    prod    = azurerm_machine_learning_workspace.prod.id
    sandbox = azurerm_machine_learning_workspace.sandbox.id
  }
}

output "sandbox_compute_instances" {
  value = [for ci in azurerm_machine_learning_compute_instance.sandbox : ci.name]
}
