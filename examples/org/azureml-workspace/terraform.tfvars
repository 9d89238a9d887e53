location = "westeurope"
prefix   = "acmeml"

sandbox_users = {
  jdoe = {
    object_id      = "00000000-0000-0000-0000-00000000a001"
    vm_size        = "Standard_DS3_v2"
    ssh_public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyKeyDoNotUse0000000000000000000 jdoe@laptop"
  }
  mchen = {
    object_id      = "00000000-0000-0000-0000-00000000a002"
    vm_size        = "Standard_NC6s_v3"
    ssh_public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyKeyDoNotUse1111111111111111111 mchen@laptop"
  }
}

tags = {
  cost-center = "ml-platform"
  repo        = "acme-ml/azureml-workspace"
}
