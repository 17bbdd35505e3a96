-- Attack: compile code at run time (could load bytecode).
local f = load("return 1")
