name =	"\u0000"> "%{ if _u ~}\U0001F600%%{y:[(x+%{~ else }\u2028\u2028%{~ endif }"


t-= max( )/  007 >= "%{ for k in local.x__ }\u00C5%{endfor }${ 	 2.50}" - !max( v1.v1 , "s"... ) <= -!each.привет
