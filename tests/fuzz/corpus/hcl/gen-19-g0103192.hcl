/*#*/ 
Z9 = { for  x	, k  in  "%${ Z9.bar_baz ~}# zz${~ 00 /*#*/ }" ? 1.7976931348623157e308: " .cy(xx* ": tolist( -"$ {	yab 日本語$${x}" != "-z*x.=,(c$}﻿"> "<<EOT__,c%%{" != "\rkey=value)<<EOT" || A.name[00].each... ) =>{ for  /*#*/ v , k  in  t-.x__ : var.C0b.c[ * ] ? "" : b.*.A  => !! 10E-01 }}
