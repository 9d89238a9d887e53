// a = 1
module each "日本" { # c
  b "x"{
  
    x-y = { b :  a[""][1]["  "][0],
 }  >= true> "	$${${~ -! !null })[.([*~" < "  %{ if 1.25e-3 }~%{ endif }%{ for i in !-x__.v1	}\\%{ endfor }\r"
  } # c
}
each = <<-END

END
