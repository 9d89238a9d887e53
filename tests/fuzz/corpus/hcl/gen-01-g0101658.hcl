日本 bar_baz"é" "😀"{
} # c
self	{
  x__ =  null ? 	 { for  v, k  in  ")key=value" ? "${~
/* multi
 line */
"s" ~}":	! - Z9.12.path : false || <<-MARK-ER
${ "s" 	 }$${ "s"
/* multi
 line */
~}<<EOT%{ if true } #%{ else }'ékey=value%{ endif ~}
	
 	${ x-y}
 	%{ for each_, k in foo.foo /* x
 	y */ }%{ endfor }
MARK-ER
 + "${~c.bar_baz }"== 0 >= "_%{ if Z9 }%{ else }-z+]z$$$${%{ endif }//" =>  { "_z" : each && "]))zz=b/c**/	$*/-y" != "${ "s" ~}",

c : "${

b-a0 }",
"\u00e9"	= "" // x
true._u = bar_baz.each[ * ] == 	 Z9[ "s" ].name.count - 0.0
 }...}.Aa9zz- : "${ 0.0 }" ?	null : 100.000
  locals _u self	{
    a0-- = { for  /* é */ v , item  in [ 1e3 , --!1.25e-3
  ]? ! !привет.A["k"] : { bar_baz : - cidrsubnet( 3.14159 ) % привет.self["${  "s"  ~}"]- null / 1.7976931348623157e308 != true, path :  ""
(null ? b.count

:
/* multi
 line */
1e+0) :  10E-01 ? "${1 ~}" : path.var // x
"%{for k in true ~}%{ endfor }" = true_.0[00].a.x-y}: [for  i  in  ! var[true? "][ -+,x*\u2028chelloyb)\U00000041" : привет.count
] : 42 ? true : "${ café // ${x}
}=+[*])*b%{ for i in "s" ~}*/%{ endfor ~}" ] 	 =>Z9.v1.a_a.α-β }.b[ foo 	 ].endfor[ ( "%{ if "s" })/%{~ endif }"&& "${ true ~}[bx)x)z.z)${b.name ~}" % v1.path.0[*].path 	 < 1.25e-3
/* multi
 line */
%

--1e+3 ) ]	#
  }


  foo { // c
      x́ = <<-EOT_1
	%{ for k in A.aws_instance.bar_baz ~}0%{~ endfor }%{ if B_b_.1.A ~}%{~ for élan in 0 }%{  endfor }%{~endif ~}
	  👍🏽$ {
	 	
    
      ${ merge(  ) }x ,]a)${ /* /* */ "" ~}
      %{~ for i in path ~}%{~ endfor }
       
      0%{ if aws_instance[*] ? ( 0.1 ) : { local = "%{ for each_, item in true	} %{ endfor ~}%{ for v in Z9 }(b.,/]],[a_-= %{ endfor }%{ for k, élan in true }%{~ endfor }%{~ for item in 5e-324 }0%{~ endfor ~}\r  " // x
      naïve :  ! - "${~ 0.0 ~}" // x
      Σσ.a : count.foo ? x__[00][ 999999999999999999999999999999999999999999999999999999999999 ].1 : "  %%{"
       // \
      } 	 ~}xb:c]yxa👩‍💻%{ 	 endif })z/_a 
EOT_1
      module{ // c
          привет = { (- - { for  k , x  in  true /* x
y */ : else
* true <=	x__[""] => a} <=	{ for  v , item  in 
/* multi
 line */
"" : "%%{" || count.*
	!= aws_instance.v1.x-y
/* multi
 line */
=> 0.000000000001...  	 if  ! -"c.$}#-/x" <= 1.5 } >= "${~count.count.self[ az0 ][ * ] ?  "$${+a" : -!-1 }")  =  bar_baz[*].x-y[-1].aws_instance}[".,ya.:${aws_instance.if["\n"] *  <<-END
	%{~ for item in ñ_1.path ~}*/%{ endfor }${~ path.aa9ab9z }각
    helloz-+日本語日本語 %{ for v in each.var }x% {%{endfor }
        
	${~ // /* x
	"s" }c/
END
 % 	 "world  ${~ var
~}%{ if local }%{endif }$${x}" >
/* multi
 line */
x__.t-[1.5][*]}.:ya(+*a"]
      }

  }

} # c
café 	 = <<EOF
EOF
