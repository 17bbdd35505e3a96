-- Attack: a finalizer that loops forever (Lua runs finalizers with hooks off).
local mt = { __gc = function() while true do end end }
setmetatable({}, mt)
collectgarbage()
