a = <<E
%ÿ
E
