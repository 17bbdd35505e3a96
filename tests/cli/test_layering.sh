#!/bin/sh
# SDL appears only in the window (engine/window); Lua only in the Lua host (engine/luahost) and,
# for now, in the file that drives scenario functions (engine/scenario/session.c).
set -u
cd "$ROOT" || exit 1
hits=$(grep -n -E '#include *[<"]SDL' $(find engine include -name '*.[ch]' -not -path 'engine/window/*') 2>/dev/null)
[ -z "$hits" ] && echo "PASS SDL headers stay in engine/window" || { echo "FAIL SDL outside engine/window: $hits"; exit 1; }
lua=$(grep -l -E '#include *<(lua|lauxlib|lualib)\.h>' $(find engine include -name '*.[ch]' -not -path 'engine/luahost/*') 2>/dev/null | grep -v -E 'engine/scenario/session\.c')
[ -z "$lua" ] && echo "PASS Lua headers stay in engine/luahost (and session.c)" || { echo "FAIL Lua headers outside engine/luahost: $lua"; exit 1; }
