#!/bin/sh
# test_script_keys.sh - `play --help` documents every key a --script line can press, and every
# key it documents works: the help's key list is read back from `play --help`, each key (and the
# classroom's Ctrl+digit) is fed to the window as a script, and the run must take every line (a
# screenshot follows each command) without an "unknown script command". The keys the classroom
# and projector use are named explicitly, so a key dropped from the table is noticed too.
# Env: BIN (counterpart binary), ROOT (repo). Prints PASS/FAIL lines; exits non-zero on failure.
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
export COUNTERPART_SCENARIOS="$ROOT/tests/window" COUNTERPART_RUBRICS="$ROOT/scenarios/rubrics"
unset COUNTERPART_DB

"$BIN" play --help > "$T/help" 2>&1 || fail help "exit $?"
# the key list: from "A line starting with '!'" to "press that key"
sed -n "/A line starting with '!'/,/press that key/p" "$T/help" | grep -o '![a-z0-9+]*' |
    grep -v '^!$' > "$T/keys"
n=$(wc -l < "$T/keys")
[ "$n" -ge 25 ] && pass "play --help lists the script keys ($n)" || fail "key list" "$n keys: $(tr '\n' ' ' < "$T/keys")"
missing=""
for k in '!f4' '!f5' '!f6' '!f7' '!f8' '!f9' '!f10' '!f11' '!space' '!esc' '!enter' '!pgup' '!pgdn'; do
    grep -qx -- "$k" "$T/keys" || missing="$missing $k"
done
grep -q '!ctrl+1\.\.!ctrl+9' "$T/help" || missing="$missing !ctrl+N"
grep -q '!shift+tab' "$T/help" || missing="$missing !shift+tab"
[ -z "$missing" ] && pass "the classroom, projector and navigation keys are documented" || fail "documented" "missing:$missing"

. "$ROOT/tests/window/display.sh"   # DISPLAY or Xvfb or offscreen; run_win
cp "$T/keys" "$T/script.txt"
printf '!ctrl+1\n!alt+1\n!shift+tab\n' >> "$T/script.txt"
# every modifier the help names, on a harmless key
mods=$(sed -n 's/.*modifiers go before the name (\(.*\)):.*/\1/p' "$T/help")
[ -n "$mods" ] && pass "play --help names the modifiers ($mods)" || fail "modifiers" "not in the help"
for m in $mods; do echo "!${m}f10"; done >> "$T/script.txt"
lines=$(wc -l < "$T/script.txt")
run_win "$BIN" play ui_tiny --script "$T/script.txt" --screenshot "$T/shots" > "$T/o" 2> "$T/e"
rc=$?
shots=$(ls "$T/shots" 2>/dev/null | wc -l)
if [ $rc = 0 ] && ! grep -q 'unknown script command' "$T/e"; then
    pass "every documented key is taken by the script driver"
else
    fail "script keys" "exit $rc: $(head -3 "$T/e")"
fi
# the start screen, the opening, then one screenshot per command: every line was reached
[ "$shots" -ge "$lines" ] && pass "the run took every key line ($lines lines, $shots screenshots)" \
    || fail "lines taken" "$lines lines, $shots screenshots"
# and an undocumented name is refused, naming the line
printf '!f99\n' > "$T/bad.txt"
run_win "$BIN" play ui_tiny --script "$T/bad.txt" > /dev/null 2> "$T/e2"
rc=$?
[ $rc != 0 ] && grep -q "bad.txt:1: unknown script command '!f99'" "$T/e2" \
    && pass "an unknown key is refused with its line" || fail "unknown key" "exit $rc: $(cat "$T/e2")"
exit $fails
