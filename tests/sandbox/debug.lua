-- Attack: use the debug library to reach upvalues and the registry.
local r = debug.getregistry()
