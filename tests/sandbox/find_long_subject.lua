-- Attack: plain find is O(n*m); a huge subject and needle would run for ages in C.
local s = string.rep("a", 4000000)
return s:find(string.rep("a", 1000) .. "b")
