variable "allowed_ips" {
  type = list(string)
}

variable "public" {
  type = bool
}

# No IP rule at all: open, but that is MLS-AAI-005's finding.
resource "azurerm_search_service" "pass_no_allowed_ips" {
  name                = "rag-default"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku                 = "standard"
}

resource "azurerm_search_service" "pass_known_ranges" {
  name                = "rag-known"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku                 = "standard"
  allowed_ips         = ["203.0.113.0/24", "198.51.100.7"]
}

resource "azurerm_search_service" "pass_empty_list" {
  name                = "rag-empty"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku                 = "standard"
  allowed_ips         = []
}

# IP rules are not applied while public network access is disabled.
resource "azurerm_search_service" "pass_private_stale_list" {
  name                          = "rag-private"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  sku                           = "standard"
  public_network_access_enabled = false
  allowed_ips                   = ["0.0.0.0/0"]
}

resource "azurerm_search_service" "fail_any_cidr" {
  name                = "rag-any"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku                 = "standard"
  allowed_ips         = ["203.0.113.0/24", "0.0.0.0/0"]
}

# 0.0.0.0 alone is one address no client has: it admits nobody.
resource "azurerm_search_service" "pass_zero_address" {
  name                          = "rag-zero"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  sku                           = "standard"
  public_network_access_enabled = true
  allowed_ips                   = ["0.0.0.0"]
}

# Any address with a /0 prefix is the whole IPv4 space.
resource "azurerm_search_service" "fail_other_slash_zero" {
  name                = "rag-slash0"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku                 = "standard"
  allowed_ips         = ["10.1.2.3/0"]
}

resource "azurerm_search_service" "unknown_ips_variable" {
  name                = "rag-var-ips"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  sku                 = "standard"
  allowed_ips         = var.allowed_ips
}

resource "azurerm_search_service" "unknown_public_variable" {
  name                          = "rag-var-public"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  sku                           = "standard"
  public_network_access_enabled = var.public
  allowed_ips                   = ["0.0.0.0/0"]
}
