a = <<EOT
x
EOT 
