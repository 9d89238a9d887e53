v1 = { for  each_, # é😀
x  in  10E-01 * // 	
( "" ? true : !".:=*c_/_/*/*$$$${" ) : "%%{if}${~ null / "%{~ for each_ in name }.xyz+:,-%{	endfor }" - "b-c(c-]+.\u0301"
	}${  ( a.self[1] ).bar_baz[-1][*] }${ --1e+3 +	"${ 1.5 /*/*/ }/*key=value${tags.false }" }%{ for i in !self[00] /*//*/ }%{ endfor ~}${ ".,a)-zby${~ true
  ~}%{ for v in true ~}%{~endfor ~}" ? 	 "${ "s" ~}" :
	a.v1["%}#‍\u00e9"][00][10] }" /*
*/ =>	- {b =  0.1, "${var}"  =  "${ c.c // 	
~}",(<<-eot
  %{ for v, i in true ~} //%{ endfor ~}${ 00 }
  <<EOT
  ${	1e400 }))b*-/x${ name.local }
eot
) /* /* */ :  0.000000000001} ? !-A.1 : 0.0 || "\u2028 =\r+z*c(ß//" <
self.bar_baz[0][""] # */
|| -- - Ca9.12.*.foo  if  false
	* f( # \
null_x.a[*].Z9 )
	} + each.a.3 * ! -- 1e400 >= !{  }	#
true_= - ( true ) - { 

}[ * ].*[ "${ tags	}" # }
!= self[1.7976931348623157e308	] ] / /*
*/ merge( 	 "🇫🇷%{~ for each_, élan in 0.000000000001 ? true: "${~ 123456789.987654321 }" }$}%{~ endfor }%{ if -- !1 }%{ endif ~}*/" ?
/* multi
 line */
(

"${ Z9 }b-)ya ]" ).a[	foo.x__.0[ self ].local ][ // /* x
tags ] : // /* x
[ -!- 2.50 ,
  "	${ α-β }${ true }	<<EOT" ] ,""? - - !name[ "-.=*/_:/(-.[z]/=👍🏽" - # \
0.1% t-._u.x__[ * ] == # /* x
"  #x bxy[.a﻿*(,c,a_" /	"${ true }" ].α-β[00].count:

[ ] ,max( b[""][ x-y.Åc ].A._u # a = 1
/ null || null ,- - 1.25e-3 <= A.var["é"].A ,1e400 ,123456789.987654321 ) && "ß${ -!! "a/%}#" ?

0.0 : foo }"...
  )
	
module name v1 {a = 1 }

