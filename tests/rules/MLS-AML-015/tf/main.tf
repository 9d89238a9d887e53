resource "azurerm_machine_learning_inference_cluster" "pass_tls" {
  name                          = "ic-tls"
  location                      = "westeurope"
  cluster_purpose               = "FastProd"
  kubernetes_cluster_id         = "/subscriptions/0/aks/serving"
  machine_learning_workspace_id = "/subscriptions/0/ws"
  ssl {
    leaf_domain_label = "ml-scoring"
  }
}

resource "azurerm_machine_learning_inference_cluster" "fail_no_ssl" {
  name                          = "ic-plain"
  location                      = "westeurope"
  cluster_purpose               = "DevTest"
  kubernetes_cluster_id         = "/subscriptions/0/aks/serving"
  machine_learning_workspace_id = "/subscriptions/0/ws"
}
