_u = { "" /***/ :  [  ]
"${path}"= format( !- -"$${\"%{~for item, x in "}{% {y*:*[("  ?

self: "s" }${~ 日本}${ C-_0z
/* multi
 line */
})x_x.%{ endfor ~}" , a[*].count.local? 	 - ! var.Z9.b: true , 1.5 ?
	!- "\n (b](_.c${ 00 }" : local.x-y , ) ? 	 false : [ for  élan  # ́
in 1e400 ? --xba__[ "s" /* * */ ].x__ : 100.000 : # 	
!"${ true	~}" /*#*/ ]
 }
path = aws_instance[0][ "  %{~ if 1 }y(a[=${~ ! -( /* é */ 1E3 )}${ 1.5 <= null + - "%%{if}\U0001f44d#${ x-y }" + "" }%{ endif }${ 1E3 == { for  each_ ,item  in  <<END
 	${
 	  "s" }
${ Z9.else }\u0041
  =

	
  \u0041
   🇫🇷%{~ for v, k in aws_instance.t-}hello,x[.a
  */%{ endfor /*#*/ ~}
END
 : 00 +
/* multi
 line */
null => false	%
"/*=*y*_)-%$$$${" -
"" < " "... }
	}" ].12 // trailing
/*
*/
self= 0.000000000001 ? ")xcc)y*": length(  )