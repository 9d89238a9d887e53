a = <<E
$ÿ
E
