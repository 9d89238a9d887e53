locals /* c */ "x"/**/"%%{"{
	
    path = ( 	 { (- !"$%%{if}%{ for i, item in name.tags ~}é\té%{ /*
*/ endfor }%{ for each_ in v1.name }0$}\r%{ endfor~}/*")  =  	 3.14159 /* c */,"world%{~if 1e3 }y+/-[-=bz:	%{ else})-*%{ endif }" =  local["é"][""],"${éx}" :  Z9["é"][ aws_instance ].x__[ b ]? 1e3 :	true} ) ? {
  Z9 = 0.1 }.var[ 1e+0 ]["{${~ 	 <<-END
 	${ 0.000000000001 }a$ﬁ
 :yc[+hello0é
   🇫🇷
  ﻿
	 _ +
	END
 ? 1e+3 : 2.50 }"]["${5e-324 >= x__["k"][*].3 >= 	 - -! each <	false
/* multi
 line */
~}"] : 	 [-"\U0001f44d%{ for élan, v in fortune._u[1.5] }%{ if "s" } %{ else}\u212B*/%{ endif }%{~ endfor }~). y%{~ for i in 0.1 /* x
y */ }%{~ endfor }"]
    var = [ - ( "\t/ .x_\u2028hello\u2028" > "" + "${0.000000000001}" * ba9zazz[ * ].b.for.a--za)+ ( -- "	👩‍💻\u0041 " * 1e3>= "" > 	 "각" ) /
1e+0 , { /* é */ b : 	 max( "s" , name.Z9 , Z9 , "s" ) ? /*//*/ ""	: null
  1 :  "world c%{ for x in 123456789.987654321 }$}%%{:%{ endfor }<<EOT${~12345678901234567890123 ~}  " >= false } , A[10].tags.12.a<= 	 {for  i , each_  in  "..(]za_)ä%{~ if 1e-7 }\u2028%{	else }%{ endif }%{ for i, each_ in c  }%{ endfor }" :" /*" ? # \
- true
/* multi
 line */
: name["${x}"].self[10].name => -<<EOT
EOT
...

} * "" , max( false ? B-bz9.a : "x{$$$${(,] - \u2028${ # é😀
true }" , -! ( -"" ) , ( /*#*/ 12345678901234567890123 ).0 )]
}
// \
