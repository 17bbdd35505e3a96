-- Attack: run another file from disk.
dofile("/etc/passwd")
