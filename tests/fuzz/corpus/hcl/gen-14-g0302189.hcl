b v1 v1 each /* c */ { a = 1  }
C_--z0_ = ( ! {for v , v  in  "${~ "" ? -v1.self["é"] :  null }%{ for x, item in !false ~}%{~ endfor }\u212B/=c" : A["${~ "s" } a[a:"].foo=> 3.14159 != "${ a }" > foo.t- >	A.c["${~3.14159 ~}"][*] >  bar_baz } )["${( "=)%{~ if 007 }\\ z),/,,)%{ endif }y-az_,a[*" ) }"].ba_bazz.t-
self = "${tolist( "" ?	false :  false ) }y(/[,y] % {" // trailing