nested tags "$${x}" bar_baz /* c */ { // c
	_u = null
	a0- = {(<<-END
 	
	END
 ?	(	<<-MARK-ER
    MARK-ER
 ).Σσ : 5e-324) : 0.0 }
}
# a = 1
