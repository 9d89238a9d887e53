locals path"a b" { // c
    nested /* c */ { // c
    	data v1 /* c */ "😀"{ /* c */
    	}
    } # c
} # c
foo 	 = tolist( - ! "<<EOT<<EOT\t//%{ for item in "s" }%{~ endfor }%{ for x, item in true}./%{ endfor ~}"
/* multi
 line */
, "${
/* multi
 line */
"s" }" ? self["\n"].path.A.x__ : # */
"s"
/* multi
 line */
, "${ true }"... )* "\u212B${~ path.foo["$% {//"] /*
*/ ? 1e+3 : 1e+0 ~}%{ if x-y }${ Z9.x__ }%{ else }${ "s"}%{~ endif ~}${ false # é😀
~}x"
lifecycle "$${x}" t-{ # c
    A = "hello${~ true ~}*/\u0301\U0001f44d" > 	 c - -!a[""]["	)"][10] > 	 10E-01 > 1e-7
    nested t-{ a = 1  }
    t- = false ? path.b : true
    a0b0 = !jsonencode( " key=valuec([,b[" ? #   x
true : // c
!"${ true }"
/* multi
 line */
).x__.x-y["é"].foo
    c = Z9.y_az-0_[ 1E3 ]["é"].x-y
} # c
x__= tolist( // c
 )