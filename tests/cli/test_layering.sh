#!/bin/sh
# The core (engine/core, engine/lua, include) knows nothing of SDL; Lua appears only under
# engine/lua and in files that drive scenario functions (session.c).
set -u
cd "$ROOT" || exit 1
hits=$(grep -n -E '#include *[<"]SDL' engine/core/*.c engine/core/*.h engine/lua/*.c include/*.h 2>/dev/null)
[ -z "$hits" ] && echo "PASS the core includes no SDL header" || { echo "FAIL the core includes SDL: $hits"; exit 1; }
lua=$(grep -l -E '#include *<(lua|lauxlib|lualib)\.h>' engine/core/*.c include/*.h 2>/dev/null | grep -v -E 'engine/core/session\.c')
[ -z "$lua" ] && echo "PASS Lua headers stay in engine/lua (and session.c)" || { echo "FAIL Lua headers outside engine/lua: $lua"; exit 1; }
