-- Attack: table.move loops in C over an enormous range.
table.move({}, 1, 1e12, 1)
