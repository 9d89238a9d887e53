false 	 = --tags["<<EOT$${"].foo.*.c% "\u0000\U0001F600" == 1.25e-3 < b.1[*] || !- α-β
provisioner { // c
	c= 5e-324 / Z9["é"].3.*
}
B00aa= c