variable "cfg" {
  type = object({
    name  = string
    size  = optional(number, 10)
    tags  = optional(map(string), {})
    flags = optional(set(string))
    nested = optional(list(object({ a = string, b = optional(bool, true) })), [])
  })
  default = { name = "x", flags = ["b", "a", "b"], extra = 1, nested = [{ a = "q" }] }
}
variable "n" {
  type    = number
  default = "12"
}
variable "m" {
  type    = map(number)
  default = { a = "1", b = 2 }
}
variable "l" {
  type    = list(string)
  default = [1, true, "x"]
}
variable "any" {
  default = { k = [1, 2], s = "v" }
}
variable "tup" {
  type    = tuple([string, number, bool])
  default = ["a", "2", "true"]
}
locals {
  base = { a = 1, b = { c = [1, 2, 3] } }
  users = [{ name = "ann", team = "ml", admin = true }, { name = "bob", team = "ml", admin = false }]
}
