-- Attack: an endless loop. The instruction hook must stop it.
while true do end
