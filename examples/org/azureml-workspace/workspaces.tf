# ---------------------------------------------------------------------------
# Production workspace
# ---------------------------------------------------------------------------

resource "azurerm_machine_learning_workspace" "prod" {
  name                    = "${var.prefix}-ml-prod"
  location                = azurerm_resource_group.ml.location
  resource_group_name     = azurerm_resource_group.ml.name
  application_insights_id = azurerm_application_insights.ml.id
  key_vault_id            = azurerm_key_vault.ml.id
  storage_account_id      = azurerm_storage_account.ml.id

  public_network_access_enabled  = false
  high_business_impact           = true
  primary_user_assigned_identity = azurerm_user_assigned_identity.workspace.id

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.workspace.id]
  }

  encryption {
    key_vault_id              = azurerm_key_vault.ml.id
    key_id                    = azurerm_key_vault_key.workspace_cmk.id
    user_assigned_identity_id = azurerm_user_assigned_identity.workspace.id
  }

  managed_network {
    isolation_mode = "AllowOnlyApprovedOutbound"
  }

  tags = var.tags
}

resource "azurerm_machine_learning_compute_cluster" "train_gpu" {
  name                          = "train-gpu"
  location                      = azurerm_resource_group.ml.location
  machine_learning_workspace_id = azurerm_machine_learning_workspace.prod.id
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_NC24ads_A100_v4"
  subnet_resource_id            = azurerm_subnet.compute.id

  node_public_ip_enabled    = false
  local_auth_enabled        = false
  ssh_public_access_enabled = false

  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 4
    scale_down_nodes_after_idle_duration = "PT15M"
  }

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_compute_instance" "prod_ci" {
  name                          = "ci-prod-runner"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.prod.id
  virtual_machine_size          = "Standard_DS3_v2"
  subnet_resource_id            = azurerm_subnet.compute.id

  node_public_ip_enabled = false
  local_auth_enabled     = false

  identity {
    type = "SystemAssigned"
  }
}

# ---------------------------------------------------------------------------
# Sandbox workspace
# ---------------------------------------------------------------------------

# Started as a copy of the prod block; networking and CMK were dropped to get
# the sandbox up for the Q2 offsite.
resource "azurerm_machine_learning_workspace" "sandbox" {
  name                    = "${var.prefix}-ml-sandbox"
  location                = azurerm_resource_group.ml.location
  resource_group_name     = azurerm_resource_group.ml.name
  application_insights_id = azurerm_application_insights.ml.id
  key_vault_id            = azurerm_key_vault.sandbox.id
  storage_account_id      = azurerm_storage_account.sandbox.id

  public_network_access_enabled = true
  high_business_impact          = true

  identity {
    type = "SystemAssigned"
  }

  tags = var.tags
}

resource "azurerm_machine_learning_compute_instance" "sandbox" {
  for_each = var.sandbox_users

  name                          = "ci-${each.key}"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.sandbox.id
  virtual_machine_size          = each.value.vm_size
  authorization_type            = "personal"

  assign_to_user {
    object_id = each.value.object_id
    tenant_id = data.azurerm_client_config.current.tenant_id
  }

  ssh {
    public_key = each.value.ssh_public_key
  }
}

resource "azurerm_machine_learning_compute_cluster" "sandbox_cpu" {
  name                          = "sandbox-cpu"
  location                      = azurerm_resource_group.ml.location
  machine_learning_workspace_id = azurerm_machine_learning_workspace.sandbox.id
  vm_priority                   = "LowPriority"
  vm_size                       = "Standard_D4s_v3"

  ssh_public_access_enabled = true

  ssh {
    admin_username = "azureuser"
    admin_password = coalesce(var.sandbox_cluster_admin_password, "Sandbox-Passw0rd-2024")
  }

  scale_settings {
    min_node_count                       = 1
    max_node_count                       = 8
    scale_down_nodes_after_idle_duration = "PT30M"
  }
}

resource "azurerm_machine_learning_datastore_blobstorage" "sandbox_datasets" {
  name                 = "sandbox_datasets"
  workspace_id         = azurerm_machine_learning_workspace.sandbox.id
  storage_container_id = azurerm_storage_container.sandbox_datasets.id
  account_key          = azurerm_storage_account.sandbox.primary_access_key
}
