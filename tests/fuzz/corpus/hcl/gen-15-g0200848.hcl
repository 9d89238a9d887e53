variable	"é" {  
    nested	{ # c
    }
    name /*
*/ =  - [ { ("/=:%{ if "s" }%{ else }\u0000%{endif }//{x") = x-y.c[-1]["\n"]["é"] < 1>= 	 007 // x
path.c :  "/=(=[*x \U0001F600" ? name :	2.50 // x
1 :  true || null /* c */,v1 = 10E-01,
 }.b.x__["${x}"][ "{" ] /****/ ].* /* a
b */
}
