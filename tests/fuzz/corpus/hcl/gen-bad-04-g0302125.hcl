naïve = "//%%{%%{if} \u2028${~ # �
1e3 + a < !<<EOT
z).x_)[x#hello//a)(z+.*
	
 👩‍💻
 	é
	 $} b)(]:))(a:)a])]~
  
  EOT
 }" || 1.7976931348623157e308 > ( self.a["${x}"][ var.c ] )  >= 2.50	#
日本 x-y { /* c */
    aws_instance Σσ{ /* c */
        data/**/"\u00e9"	{ /* c */
        }
        c =	"xy*(/a+*:/_:$" ? /*
*/ - endfor["\n"][ x__.b ] : c
    }

}
module x-y	{  count = 	 false - 2.50 }
lifecycle count /* c */ {
    provisioner /* c */ "%%{" "日本" bar_baz { # c
    	_u= { //
f(x)  =  false # c
true : A[true ].local * Åc["#key=value"].12.* -	v1.tags % 1.5 > endif[ true],each = éx[-1], endfor.bar_baz  :	foo

}	#
    	x__ x-y tags _u{ a = 1, b = 2 }
    } # c
}