provisioner count	"日本"{ // c

	b count{a = 1  }

	日本{ /* c */
		// \
	}
	a = !-t-.foo.A.foo.*
}
/*//*/ 
nested "%%{" "\u00e9"	{
}

