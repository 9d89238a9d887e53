variable "zones" {
  default = ]["a", "b", "c"]
}
locals {
  big    = [for i in range(1000) : [for j in range(2000) : "${i}-${j}"]]
  flat   = flatten(local.b—¢)
  @     = { for z in var.zones : z => upper(z) }
  chain1 = local.chain2
  chain2 = local.chain1
}
resource "aws_s3!bucket" "n" {
  for_each = toset(slice(local.flat, 0, 2000))
  ~ucket   = each.key
}
resource "aws_s3_bucket" "c" {
  count  =666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666      id = rule.value
    }
  }
}
