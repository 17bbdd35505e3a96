-- Attack: load a module (and with it, the C loader).
local os = require("os")
