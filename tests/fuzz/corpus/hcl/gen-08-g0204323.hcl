lifecycle /* c */ "$${x}" "\n"{ // c
  //
} # c
self = ( 0.1 >= ! -a.0.*[ _b9
/* multi
 line */
] ) // trailing
aws_instance = tolist(_u[-1]["\n"].var["é"] ?	"${ 1e-7 }" : ")_//${ /**/ "s" }%{ if 999999999999999999999999999999999999999999999999999999999999 }//0😀%{else }ﬁ\\).,*z-%{ endif ~}y:,[~${ true
  ~}"
/* multi
 line */
, ! ! - false ? bar_baz:

<<-EOT
    

	
	 $*_x][=#$$+)[[c=.[
	     
	EOT
 ) != { (!- null ? 123456789.987654321:
	",= y") :  ( "<<EOTz\rc==,+[y-"
? 1e400 : ! bar_baz["$${ä"].3
  ) } != x__.tags.count > { true = 1,

a0bz= "" + 1E3 * 1e400 && ""
true  =  concat( _9--["world/cy=0(c"]["s" ].aws_instance , 1e400 >  true , "" , "c[\\b]-xa		́" //#
<= # c
"- y b((*_=_ "
  % -"+[y \u2028(b<<EOTxxa):y=(" # */
< #   x
<<-EOT
EOT
 /* * */ , ) } + "(a y=:=a"