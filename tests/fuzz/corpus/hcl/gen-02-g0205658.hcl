resource "日本"	"😀" /* c */ "a b"{  
	b var {
		provisioner "\u00e9" "é" éx	{}
	} # c
	provisioner	{ # c
		t- = ",[%{~if Z9.foo }%{ endif } ${~ path ~}	hello" == "~${ "s" // ${x}
}%{~ for item, i in true }world👍🏽=z.-bcb%{ /***/ endfor~}" + ""
		path = f( var.*.x__.each )
	}

	locals"aws_instance" {}
	resource name var /* c */ { // c
	} # c
	module each"x" /* c */ { /* c */
		tags = else.c[""]
	}

} # c
path = null ? c.1["${~ /*
*/ true }zaxé"][0]	: "/*${ /* ́ */ x.3.Ba["k"]["${x}"] ?  1e+3 //   x
: "" }$$$${b] xcx.(y)("
variable /* c */ {a = 1  }

local = ( "\\y+y(xworld" + 1e400% null //#
< -" _\U0001F600hello" > 0.1 )- f( !1e+3|| ""
/* multi
 line */
, ) + [ "${ "s" /*#*/ }=)(y+.${ true } \U0001f44d" , "${ ba9_a09.count }" ? self: 	 "" ,
]
zz /****/ = { /* ́ */ for x , each_  in  999999999999999999999999999999999999999999999999999999999999 / /**/ -!x-y != "" == null /*
*/ :t-["a b"] /*#*/ * "${ var}" * x-y ==  true /* x
y */ => ! !0.1  * "*b%{ for each_ in 0.0e-10 } )z%{ endfor }"...  if  [ "\\%{ for k, item in "s" }#ﬁ0%{ endfor }" , "" , 0.1 , <<EOT
	EOT
 ,]}
/**/