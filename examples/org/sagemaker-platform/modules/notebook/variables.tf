variable "name" {
  type = string
}

variable "env" {
  description = "dev or prod. Prod notebooks get no direct internet access."
  type        = string
}

variable "role_arn" {
  type = string
}

variable "instance_type" {
  type    = string
  default = "ml.t3.medium"
}

variable "volume_size" {
  type    = number
  default = 50
}

variable "platform_identifier" {
  type    = string
  default = "notebook-al2-v3"
}

variable "kms_key_id" {
  type    = string
  default = null
}

variable "subnet_id" {
  type    = string
  default = null
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}

variable "root_access" {
  type    = string
  default = "Disabled"
}

variable "imds_version" {
  description = "Minimum IMDS version (\"1\" allows IMDSv1 and v2)."
  type        = string
  default     = "2"
}

variable "default_code_repository" {
  type    = string
  default = null
}

variable "install_extras" {
  description = "Install the team bootstrap tooling on start."
  type        = bool
  default     = false
}

variable "idle_shutdown_minutes" {
  description = "Stop the instance after this many idle minutes; 0 disables."
  type        = number
  default     = 60
}

variable "tags" {
  type    = map(string)
  default = {}
}
