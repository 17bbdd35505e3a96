-- Attack: read a file from disk.
local f = io.open("/etc/passwd")
return f:read("a")
