# Configuração (Latin-1 comment)
a = 1
