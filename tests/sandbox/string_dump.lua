-- Attack: dump a function to bytecode and load it.
local b = string.dump(function() return 1 end)
