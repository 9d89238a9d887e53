count= ( null ).1[ <<-EOF
 ${ x-y }
  	
	yb+==-%{ for i, x in 42 })(%{ endfor ~})_.
	    

EOF
 ?	"" : 	 path.var[ * ]["é"]["k"]].*
resource ñ_1	{  a = 1}
