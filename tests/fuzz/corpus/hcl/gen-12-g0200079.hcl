//
fortune = { for   élan ,
/* multi
 line */
v in  [ - !"xb,..z:azb+_\u2028😀a*(:ax" || A.3[*]["﻿%%{Åa$"] ] : c9z_0.x-y.count - "ä%{~ /* é */ for item, i in true }%{ endfor }" + - !! 0.0 % /* ́ */ a > name
/* multi
 line */
=> 1e+3 <=
	"%{ for i, k in "s" }z*%{~ endfor }*/" != var.*[-1].t-.t-== 0.0 / 	 "%{ if local.B_9aa9b }\U00000041+*(.]az-%{else}%{~endif ~}"  # a = 1
if  "x-,](y:<<EOT#"? var.Åc  : bar_baz.naïve /*#*/ }