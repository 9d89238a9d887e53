variable "location" {
  type    = string
  default = "westeurope"
}

variable "prefix" {
  type    = string
  default = "acmeml"
}

variable "vnet_address_space" {
  type    = list(string)
  default = ["10.40.0.0/16"]
}

variable "sandbox_users" {
  description = "Data scientists who get a personal compute instance in the sandbox workspace."
  type = map(object({
    object_id      = string
    vm_size        = string
    ssh_public_key = string
  }))
  default = {}
}

variable "sandbox_cluster_admin_password" {
  description = "Admin password for the sandbox CPU cluster nodes."
  type        = string
  sensitive   = true
  default     = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
