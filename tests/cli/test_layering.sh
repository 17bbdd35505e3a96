#!/bin/sh
# The rooms of engine/ keep their directions (docs/architecture.md; the rules and the table of
# rooms are in tests/cli/layering.py): includes, SDL / Lua / SQLite headers, private headers,
# include cycles, and - from the build's object files - calls between files and rooms, with no
# two files calling each other. Then the checker is shown not to be blind: a copy of the tree
# with a wrong include, misplaced library headers, another room's private header, a
# private-include cycle, a folder outside the table, a call up into a higher room and two files
# calling each other must fail on each.
# Env: ROOT (repo), O (build folder, e.g. build or build/san).
set -u
cd "$ROOT" || exit 1
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# ---- the tree as it is, calls read from this build's objects ----
python3 tests/cli/layering.py --objects "${O:-build}/obj" || fails=$((fails + 1))

# ---- the checker catches each kind of wrong arrow (a doctored copy; includes only) ----
mkdir -p "$T/tree"
cp -R engine include tests "$T/tree/" 2> /dev/null
cd "$T/tree" || exit 1
printf '#include "cp_ui.h"\n' >> engine/scoring/norm.c                  # scoring reaching up to ui
printf '#include <SDL.h>\n' >> engine/scenario/lint.c                   # SDL outside the window
printf '#include <lua.h>\n' >> engine/scenario/session.c                # Lua outside the host
printf '#include "records/records_int.h"\n' >> engine/sheets/export.c   # the records private header
: > engine/scenario/lint.h; : > engine/scenario/step.h                 # step.c <-> lint.c
printf '#include "lint.h"\n' >> engine/scenario/step.c
printf '#include "step.h"\n' >> engine/scenario/lint.c
mkdir -p engine/misc && printf 'int x;\n' > engine/misc/x.c             # a folder outside the table
# calls, from objects: base calling up into ui, and two files calling each other
printf 'void *cp_ui_new(void); void *evil(void) { return cp_ui_new(); }\n' > engine/base/evil.c
printf 'void pong(void); void ping(void) { pong(); }\n' > engine/base/ping.c
printf 'void ping(void); void pong(void) { ping(); }\n' > engine/base/pong.c
cp -R "$ROOT/${O:-build}/obj" "$T/obj"
for f in engine/misc/x engine/base/evil engine/base/ping engine/base/pong; do
    mkdir -p "$T/obj/$(dirname $f)" && ${CC:-cc} -c -o "$T/obj/$f.o" "$f.c" || fail "compile $f.c" "cc failed"
done
python3 "$ROOT/tests/cli/layering.py" --root "$T/tree" --objects "$T/obj" > "$T/out" 2>&1
rc=$?
cd "$ROOT" || exit 1
check() { # name, pattern expected in a FAIL line
    if grep -q "^FAIL .*$2" "$T/out"; then pass "layering catches $1"; else
        fail "layering catches $1" "no FAIL line matching '$2' in: $(head -c 600 "$T/out")"; fi
}
[ $rc -ne 0 ] && pass "layering fails a doctored tree" || fail "layering fails a doctored tree" "exit 0"
check "a room including a higher room's header" "engine/scoring/norm.c (scoring) includes include/cp_ui.h (ui)"
check "SDL outside the window" "engine/scenario/lint.c includes <SDL.h>"
check "Lua outside the Lua host" "engine/scenario/session.c includes <lua.h>"
check "another room's private header" "engine/sheets/export.c includes engine/records/records_int.h"
check "files including each other's private headers" "engine/scenario/lint.c <-> engine/scenario/step.c"
check "a folder that is not a room" "engine/misc is not a room"
check "a call up into a higher room" "engine/base/evil.c (base) calls engine/ui/ui_model.c (ui)"
check "two files calling each other" "engine/base/ping.c <-> engine/base/pong.c"

[ $fails -eq 0 ]
