-- Attack: grab memory in big chunks until the machine runs out. The cap must stop it.
local t = {}
for i = 1, 1e9 do t[i] = string.rep("x", 1000000) .. i end
