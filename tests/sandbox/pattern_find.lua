-- string.find is plain text only: a pattern is searched literally and returns nil fast.
local s = string.rep("a", 40000)
local r = s:find(".-.-.-.-.-.-.-b")
if r ~= nil then error("pattern was interpreted") end
error("plain find ok")
