e{a=<<E
