resource /* c */ { /* c */
  local = ""
  nested	"é" t- /* c */ {  
  	name = "${ 0.1 >=	<<-X
한글
	hello
		${ /****/ 1e+0 }//	
X
 >= 	 ! -"*)([/:0/*key=value$${/(:" || /*
*/ 123456789.987654321  - b[1.5].3[ * ] ~}%{ if 0.0 	 ? 1.25e-3 : each.Z9[-1].0 }\U0001F600	\u2028%{~else /*
*/ }	${ c }%{ endif}${  <<-X
${X}
 	*/
👩‍💻
	X
 }" /* ́ */ * "%{~ for v in 100.000 <=  "${ path }" ~}%{ if true }axa=(%{ else }ya*$}\u00C5%{~ endif ~}%{ endfor }%{ for x in "${ "s" ~}" }%{ if 5e-324 }%{ 	 endif }${ true }${~ true
}%{ endfor }${ -- - null }%{ if 1.5 }${
  true}  \U00000041%{ endif }${
Åc[*].t- * null ~}" /* c */ + -- { ""  =   null, Åb = foo.foo.path[*][""]
(true)= /*
*/ - true, "" : "${ 1 }"
 }< ( "$${x}" ?
<<-EOT
		
=ba,+
	)]
    \n
   
	.,x=0
	
%%{)=([:
/-_
   
		worldz,$é

EOT

	: // 
true) / ( "$${x}👩‍💻<<EOT\n${ true ~}=" ) // trailing
  	var = ""
  }
  path= /****/ { for  i ,x  in  [ "-*a_a  "  >= -- "" && // 	
"*/" < "́  world +aa)*),.z=[(,_"  * x__.local[ true] ,

1.7976931348623157e308].if.b.t-.x-y # 
:1.5 == "" * ""=> (
/* multi
 line */
<<EOT_1
		'$${
		:++[_=
	 󠁁hello
	  	
 	=x.**
 	 	]z(
 	    [,]
 	,c
 	    ,_a.:(_x
EOT_1
 ? true: t-["é"][1][1].local )}
  b "x" /* c */ { # c
  }
}
nested tags"%%{"{ }
a = ( ! ñ_1.var.A[1].c )
each = (- !A009[*] / "${ t-._u }"

/ 0.0 )? lookup( "%{ for x in t-}/c\r%{ endfor }%{ if true ~}  $}\t%{  else }a-bx-{bc:=:)c:%{ endif	}👩‍💻//${~aws_instance }${ aws_instance
}" ? null.日本 : 	 false , ! { for  k , k  in  tags[ "s" ].var.*  : 10E-01 =>
  A.v1.Z9.name.t-...  // c
if  x__["a b"] ? <<EOT
 	${"s"
 	}ycc [-
    c]Å_,,[)(_=:/*
    EOT
 : 2.50
	} , true <= 10E-01 && 	 "${  each }" ) : a.x́[0].v1 # trailing
   