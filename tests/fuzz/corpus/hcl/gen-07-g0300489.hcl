lifecycle x-y	{  bar_baz = 	 1e-7}

x__= /*#*/ "${ "*/%{ if B-[ true ]["/+y.=/*cz/_\t"]/ "/*$}/*$${x}" }${c.b }%{~ if "s" 	 ~}%{ else }%{endif }%{ endif~}b%"}" < max(	{  } ) + "%{for i in [var.Z9.local[":👍🏽ä) /- z_"]["${x}"] /*#*/ , "{${ "s"~}" /*#*/ , _u[-1].* && -- !"́+_-_ß" /*#*/ , aws_instance 	 ? _u[*][00] /*#*/ : "b-.a$$" ] },ya(-.z,%{~ endfor ~}" <= 	 "${ /* x
y */ !length(false + "" < "	"== <<-MARK-ER
      ${~ var.count	}_)(z=.=
      ~a=zx-*:-
      
 	${ "s" }
    zcbz+*xcy_(zz[ :a+ä
        각}
    
  MARK-ER
 - 	 - "  key=valuec][-)]-a}/*",tags.foo,"${ true }${ v1 /* ${x} */ ~}",true -	"${ 1e3 ~}" )}" /* t */
module c {}

locals	"web"	{
}

_u = ("😀<<EOTy. y+<<EOT\U0001F600" < 1.25e-3 /*
*/ || false ) < self[ ( z9a-b ) ].3["k"][*] /* c */ > [ for  	 i  in  foo[*].local : [ for  v  in  null : else != <<MARK-ER
Å
  
 ‍==.y_b]) 
    =:[a:c.*
	MARK-ER
 ] ] /* <<EOT
*/ && { for  élan , 	 v  in  "${ 999999999999999999999999999999999999999999999999999999999999 }x)\U0001F600" : ( self.name.local["${ "s" ~}"] /***/ ) => false... } + 0.1 /* t */
