#!/bin/sh
# test_scenarios_window.sh - every scenario in scenarios/*.lua plays in the real window to its
# end screen from a reply script (scenarios/replies/<id>/resolved.txt, else the first script
# there), without an error: exit 0, nothing on stderr, and the session saved after the last
# reply has reached an ending. No screenshots (the other window test checks pixels); runs four
# at a time to stay quick, since the suite runs twice (once under the sanitizers).
# Env: BIN (counterpart binary), ROOT (repo). Uses Xvfb when there is no display, else SDL's
# offscreen driver. Prints PASS/FAIL lines; exits non-zero on any failure.
set -u
ROOT=${ROOT:-$(pwd)}
BIN=${BIN:-$ROOT/build/counterpart}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS

. "$ROOT/tests/window/display.sh"   # DISPLAY or Xvfb or offscreen; run_win
[ -n "${DISPLAY:-}" ] || { SDL_VIDEODRIVER=offscreen; export SDL_VIDEODRIVER; }

# one run per scenario, four at a time
n=0
ids=""
pids=""
for sc in "$ROOT"/scenarios/*.lua; do
    id=$(basename "$sc" .lua)
    ids="$ids $id"
    d=$ROOT/scenarios/replies/$id
    script=$d/resolved.txt
    [ -f "$script" ] || script=$(ls "$d"/*.txt 2>/dev/null | head -1)
    if [ -z "$script" ]; then
        echo "no script" >"$T/$id.err"
        continue
    fi
    ( "$BIN" play "$sc" --script "$script" --save "$T/$id.json" >/dev/null 2>"$T/$id.err"
      echo $? >"$T/$id.rc" ) &
    pids="$pids $!"
    n=$((n + 1))
    if [ $((n % 4)) -eq 0 ]; then wait $pids; pids=""; fi   # not a bare wait: Xvfb is a job too
done
[ -z "$pids" ] || wait $pids
if [ -z "$ids" ]; then fail scenarios_found "none in $ROOT/scenarios"; fi
for id in $ids; do
    rc=$(cat "$T/$id.rc" 2>/dev/null || echo none)
    ending=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["ending"]; print(e["id"] if e else "")' \
        "$T/$id.json" 2>/dev/null)
    if [ "$rc" = 0 ] && [ ! -s "$T/$id.err" ] && [ -n "$ending" ]; then
        pass "window_plays_${id}_to_its_end"
    else
        fail "window_plays_${id}_to_its_end" "rc=$rc ending='$ending' $(head -c 300 "$T/$id.err")"
    fi
done
[ $fails -eq 0 ]
