_u =	<<-EOT
	 ${ naïve ~}c
  ﻿
	 ß  =*b,)%{~ if "%{ if A.t- ~}  $${x}%{ else })cx=%{ endif}" ?
	   local : "s" ~}# %{ else }${ # /* x
	 "${~ true ~}" 	 } ~
	  %{~ endif }Ω
	EOT
