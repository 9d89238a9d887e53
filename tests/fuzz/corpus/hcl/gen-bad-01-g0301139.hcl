path = count[-1][00].t-
dynamic"""x"	{
} # c
// ́
resource x__/**/"日本" {
    count { a = 1, b = 2 } # c
    each = "${  path["Å$}"]["c -ay,=*/=]\U0001f44d  #hello"].*[""]?	1.7976931348623157e308: "${~
  in.bar_baz }" // a = 1
~}\u212B${ -! x__.café[ z
	][ 	 "s" ]+ 日本
  != // 
1.5 < true<=

_u }${ 1e3}a_%{ if A.0.count[1.5] > t-.path.A.éx + true && - !-"${true }${ c.Åb }  #\u212B"	% "%{ for each_ in α-β.α-β }b%%{endfor }" }0%{~ if 1.25e-3 + "~	ﬁ\n\n%%" }%{ for v in "s" ~}y$${x}%{~ endfor }${~ 1e+3  ~}%{~ endif }%{ else },y)%{ endif }"
    foo= "${ <<-EOT
	 :-,,bx%=[a[] 
	
      $}ß�/*
 	<<EOT% {$${x},
 	  
      ac.]c{
EOT
  && ! x__["\n"].café["k"] }yyb:/.%{ if <<-EOT
 #]ax/+-:\u0041 
  	]-[+-zc)
 ${ 1e+3 ~}$$$${
	\"key=value
 	]b-*]:ybcc.x*[👍🏽

    EOT
 // 
? -"zy]+b🇫🇷  bc/=." : "\n(z/az+//" ~}%{ if y9-.cb9zz /*/*/ ~}]y -/%{ endif }%{ if 1e3}cc,=[%{~ else	}%{ endif }  %{ endif }/*  " < é( false
  , path
  , aws_instance[ a
	][ /* /* */ a ]  * 1.7976931348623157e308 >  123456789.987654321 || !! 42 < count.12.éx.naïve.self )
}
