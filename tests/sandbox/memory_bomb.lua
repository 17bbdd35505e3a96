-- Attack: grow a table until the machine runs out of memory.
local t = {}
for i = 1, 1e9 do t[i] = { i, i, i, i } end
