variable "source" {
  type = string
}

resource "azurerm_network_security_rule" "pass_private_source" {
  name                        = "pass_private_source"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  source_address_prefix       = "10.0.0.0/8"
  destination_port_range      = "22"
  destination_address_prefix  = "*"
}

resource "azurerm_network_security_rule" "pass_other_port_internet" {
  name                        = "pass_other_port_internet"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  source_address_prefix       = "Internet"
  destination_port_range      = "443"
  destination_address_prefix  = "*"
}

resource "azurerm_network_security_rule" "pass_deny" {
  name                        = "pass_deny"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 120
  direction                   = "Inbound"
  access                      = "Deny"
  protocol                    = "Tcp"
  source_port_range           = "*"
  source_address_prefix       = "*"
  destination_port_range      = "22"
  destination_address_prefix  = "*"
}

resource "azurerm_network_security_rule" "pass_outbound" {
  name                        = "pass_outbound"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 130
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  source_address_prefix       = "*"
  destination_port_range      = "22"
  destination_address_prefix  = "*"
}

resource "azurerm_network_security_rule" "pass_udp" {
  name                        = "pass_udp"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 135
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  source_address_prefix       = "*"
  destination_port_range      = "22"
  destination_address_prefix  = "*"
}

resource "azurerm_network_security_rule" "fail_star_source" {
  name                        = "fail_star_source"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 140
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  source_address_prefix       = "*"
  destination_port_range      = "22"
  destination_address_prefix  = "*"
}

resource "azurerm_network_security_rule" "fail_internet_tag_range" {
  name                        = "fail_internet_tag_range"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 150
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  source_address_prefix       = "Internet"
  destination_port_range      = "17-27"
  destination_address_prefix  = "*"
}

resource "azurerm_network_security_rule" "fail_all_ports_any_protocol" {
  name                        = "fail_all_ports_any_protocol"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 160
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  source_address_prefix       = "0.0.0.0/0"
  destination_port_range      = "*"
  destination_address_prefix  = "*"
}

resource "azurerm_network_security_rule" "fail_prefixes_list" {
  name                        = "fail_prefixes_list"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 170
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  source_address_prefixes     = ["10.0.0.0/8", "0.0.0.0/0"]
  destination_port_ranges     = ["443", "22"]
  destination_address_prefix  = "*"
}

resource "azurerm_network_security_rule" "unknown_source" {
  name                        = "unknown_source"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 199
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  source_address_prefix       = var.source
  destination_port_range      = "22"
  destination_address_prefix  = "*"
}

resource "azurerm_network_security_group" "pass_nsg_no_rules" {
  name                = "pass_nsg_no_rules"
  location            = "westeurope"
  resource_group_name = "ml"
}

resource "azurerm_network_security_group" "pass_nsg_private" {
  name                = "pass_nsg_private"
  location            = "westeurope"
  resource_group_name = "ml"
  security_rule {
    name                       = "r0"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "10.1.0.0/16"
    destination_address_prefix = "*"
  }
}

resource "azurerm_network_security_group" "fail_nsg_open" {
  name                = "fail_nsg_open"
  location            = "westeurope"
  resource_group_name = "ml"
  security_rule {
    name                       = "r0"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "10.1.0.0/16"
    destination_address_prefix = "*"
  }
  security_rule {
    name                       = "r1"
    priority                   = 101
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
}


# Any prefix ending in /0 is the internet; letter case does not matter.
resource "azurerm_network_security_rule" "fail_slash_zero_lower_case" {
  name                        = "fail_slash_zero_lower_case"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 140
  direction                   = "inbound"
  access                      = "allow"
  protocol                    = "tcp"
  source_port_range           = "*"
  source_address_prefixes     = ["10.0.0.0/8", "INTERNET"]
  destination_port_range      = "22"
  destination_address_prefix  = "*"
}

# UDP 22 is not SSH.
resource "azurerm_network_security_rule" "pass_udp" {
  name                        = "pass_udp"
  resource_group_name         = "ml"
  network_security_group_name = "ml-nsg"
  priority                    = 145
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  source_address_prefix       = "0/0"
  destination_port_range      = "22"
  destination_address_prefix  = "*"
}
