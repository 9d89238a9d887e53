日本/**/"x" x__	{
	
	// é😀
}

aws_instance привет/**/"\n" /* c */ {  
    resource /* c */ {}
}

Cz /* /* */ = "\r${-<<-eot
      Ω
       ﻿  
eot
}%{~ for x in {v1 : { x-y = - !! var.aws_instance # c
a= "_%{ if 100.000 /***/ ~}//$ {hello%{ else}%{endif~}${~ 1e+0 }#", var = jsonencode( "s" ) // x
"\u0301${ 日本 }" = "" >= 	 0.000000000001/ jsonencode(  )	|| -! -0 }, tags : 	 false != "" / "${ each.b }" }.* / /* ${x} */ 1e3 }%{ for each_ in é( 0.1 ##
, foo[
"\r$$0%%{"
/* multi
 line */
?

1e+3: /* } ] ) */ !-naïve[00] ] )[1.5]}${ each.count[*][00][ * ] ~}\U00000041%{ endfor ~}%{if x__["a b"]["${ 1e400 }"]}[*c=z/z/*+z%{ endif }%{ endfor ~}${1e-7 }	"
b	"%%{" "x"{  
} # c
Z9 "$${x}" x__{  a = 1}
