a = Ðp
