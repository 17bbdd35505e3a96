-- Attack: change the string metatable shared by all strings.
getmetatable("").__index = {}
