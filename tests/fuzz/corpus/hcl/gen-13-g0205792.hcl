x-y = [	- null ] == [	 /* ${x} */ ] /* <<EOT
*/ && max(  )
v1 = ! -( f( Z9[ 5e-324 ]> aws_instance[10][1.5][1]["${x}"]... ) )
module t- /* c */ "%%{"{ /* c */
	path Z9 "web"	{ // c
	  module tags/**/"aws_instance""$${x}"	{ # c
	      α-β  = a.t-[10].x__ /* x
y */ ?	"${ A }${ "s" }" : true /* t */

	  }
	} # c
}

