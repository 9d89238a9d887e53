  
dynamic/**/"x" C_z_{ // c
    aws_instance = -{ for  /* } ] ) */ i , v  in  fortune["é"][0] ? ! !c[ "s" ][1.5] :  path[0] : true=> self[1].v1.α-β.1 <= <<-EOT_1
      ))x.:]_=bb*z*c(/é
	${ 1e3}a.)+
	 	
  
   󠁁%%{if}
EOT_1
 	 !=  null... }["${x}"]
    locals"a b" each	{ // c
    	resource"😀"{ // c
    	}
    }

    b{a = 1 }

}