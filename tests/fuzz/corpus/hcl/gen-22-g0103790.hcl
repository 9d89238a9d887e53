a= "${ ( (var[ 0.0 ] 	 ? 1e400 : "s") )?  {for  x , i  in  a : count[0]=> ! !!"%{ if name}=x%{ else }%{~ endif}%{ if "s"}0%{endif }" } : ! 5e-324}/*c+[" # trailing
// c
  
