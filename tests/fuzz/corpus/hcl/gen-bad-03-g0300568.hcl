v1 = !- ( <<EOT
    //=y
	
EOT
 ) > Ab.endfor % !![ /**/ for x  in  <<EOT
	

  ${~ "s" ~}
EOT
 || b[ "s" /**/ ]
	: "\u2028\u00C5%{ /**/ if 1e ~}%{endif } -"  if 	endfor[ 999999999999999999999999999999999999999999999999999999999999 ][*][""] /* * */ ? ! t-[ "s" ]

: A.count ]	* ( [for  k,v  in  5e-324 ? null:	x__.self
: "$$$${" ])
module tags	{ /* c */
}
# */


var = 	 !!- [ [Åb.Ba0 	 , x-y[ 2.50 ][1].else.x-y 	 , "" , ] <

{ a.b[0] =  1.25e-3 >= self[ name ]["hello-#"][ * ][ tags ]*  - ! tolist( 1e-7 , true , _u._u , 日本 ) + "é/[:world" != endif } || !!cidrsubnet( "\u0000,yc " ? ybba_ :
/* multi
 line */
x-y.v1 )[1][ * ]

&& null - null , { for  v , k  in  12345678901234567890123
	: 5e-324  =>
	name.ñ_1["\U0001f44d///*:.*#world"] } ?

[ 

].path[1][2.50 ].local
  :	true , 1e400 , length( 
  )[-1] ]
