provisioner aws_instance"\u00e9" "😀" { // c
  c= - 1.5
  data/**/"\u00e9" /* c */ { # c
    A = <<-EOT_1

 hello${ //
 2.50 ?  "" : 	 1e400 }
 
	 	
	 	
      a$${1e+3  ? self[""].Z9 : 1.25e-3 }
EOT_1
    var = { ("%{~ if ñ_1 }%{ else }%{ endif ~}${ each}%}") = 1e+0
x-y :  "" ? x-y.b--0b[-1] : "s" } || 	 ("👍🏽" )|| 10E-01 >=	!- ( 1e3

% local.name[*] > <<-EOT
	
a$*/{[+
  <<EOT
 //

  //hello
  
	EOT
 )
  }

  
  path zb_z-za "%%{" /* c */ { /* c */
      module"%%{"	{  a = 1}
      b"x""\u00e9"	"" { # c
      }

  }

  // \
} # c
/**/ 
