a = <<EOT
x
 EOT
