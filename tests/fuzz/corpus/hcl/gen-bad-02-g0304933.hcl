path = - ! !"${~ α-β[1][ * ].α-β }\"%{ if [
/* multi
 line */
for  x , each_  in  "b%)cy." ? "yb:-x +_*" : true :"\r" < -false /****/ >= x-y.c.a.x-y
/* multi
 line */
+ "${~ 1.5 }" ] ~}%{~ endif }" // trailing
dynamic each /* c */ { }

each = [ 3.14159 &&

count -	c.c[ * ] > aws_instance % 00 ] - ( A )[ "hello${ "s" }<<EOTx-:y,bc" ].* > !- - "%{~ for item in -bar_baz._u[00].3["${x}"]}${ "s" }${~ ñ_1 }%{ endfor }" / ! [ for 
	item  in <<EOT
= z,y${ aws_instance._u }
   ${ bar_baz }
	%{ for v in "s" }%{ endfor }
		%{~for each_ in "s" }[*ayx/_%{ endfor }%{if 1.25e-3 }é$%{~ else ~}/*  =z(%{ endif }%{ for v, item in naïve.path~}.=b([,)z
	 */%{ endfor ~}${ t-.aws_instance  }yx(=]_=b
    �%{ if "s" }🇫🇷a$%{ /*
    */ else}zza*zax%{ endif }${~__9b # c
    ~}
	
      
	EOT
 : "key=value/*${ "s" }=).((/x${ 1E3}#" ] > 123456789.987654321	#
