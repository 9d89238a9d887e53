a = b[c d
]
