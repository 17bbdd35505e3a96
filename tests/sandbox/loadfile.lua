-- Attack: load another file from disk.
local f = loadfile("/etc/passwd")
