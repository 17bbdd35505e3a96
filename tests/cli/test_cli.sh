#!/bin/sh
# The CLI's contract: help and exit codes, errors that name the file and line, run --json's
# shape, save and resume, the terminal fallback without a display, hostile scenarios refused.
# Env: BIN (counterpart binary), ROOT (repo).
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { # name want_rc actual_rc
    [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"
}

for c in play run grade check graph new list; do
    "$BIN" "$c" --help > "$T/h" 2>&1
    expect_rc "$c --help exits 0" 0 $?
    grep -q "usage: counterpart $c" "$T/h" && pass "$c --help prints usage" || fail "$c --help" "$(head -2 "$T/h")"
done
"$BIN" frobnicate > /dev/null 2>&1; expect_rc "unknown command exits 2" 2 $?
"$BIN" > /dev/null 2>&1; expect_rc "no command exits 2" 2 $?
"$BIN" run missing_materials > /dev/null 2>&1; expect_rc "run without --replies exits 2" 2 $?

"$BIN" run missing_materials --replies "$T/nope.txt" 2> "$T/e"; rc=$?
expect_rc "run with a missing reply file exits 1" 1 $rc
grep -q "$T/nope.txt" "$T/e" && pass "the error names the reply file" || fail "reply file error" "$(cat "$T/e")"

"$BIN" run no_such_scenario --replies /dev/null 2> "$T/e"; rc=$?
expect_rc "run with a missing scenario exits 1" 1 $rc
grep -q "scenarios/no_such_scenario.lua: cannot open" "$T/e" && pass "the error names the scenario file" || fail "scenario error" "$(cat "$T/e")"

"$BIN" check tests/fixtures/lint_problems.lua > "$T/o" 2>&1; rc=$?
expect_rc "check with problems exits 1" 1 $rc
grep -q "^tests/fixtures/lint_problems.lua:8: node 'a': transition to unknown node or ending 'nowhere'" "$T/o" \
    && pass "check prints file:line: message" || fail "check output" "$(cat "$T/o")"
"$BIN" check tests/fixtures/fair_ok.lua > "$T/o" 2>&1; expect_rc "check on a clean file exits 0" 0 $?
"$BIN" check tests/fixtures/bad_missing_say.lua > "$T/o" 2>&1
grep -q "^tests/fixtures/bad_missing_say.lua:5: node 'a': missing 'say'" "$T/o" && pass "check reports load errors as file:line" || fail "check load error" "$(cat "$T/o")"

# check: fair play (issue 13) - a scored fact a trainee cannot know, a revisit that repeats its
# line, a condition on a criterion the node does not score; a missing brief, top or title.
"$BIN" check tests/fixtures/fair_problems.lua > "$T/o" 2>&1; expect_rc "check with fair-play problems exits 1" 1 $?
F=tests/fixtures/fair_problems.lua
grep -q "^$F:29: node 'notice': notice item '户口本' (one of: 户口本) is neither in the brief nor said by the citizen on every path to here" "$T/o" \
    && pass "check names a notice item a trainee cannot know, file:line" || fail "fair: notice item" "$(cat "$T/o")"
grep -q "^$F:29: node 'notice': the notice's deadline (one of: 本月底前) is neither" "$T/o" \
    && pass "check names a deadline the brief states differently" || fail "fair: deadline" "$(cat "$T/o")"
grep -q "^$F:11: node 'opening' can be entered again (a transition of its own goes back to it) and says the same line" "$T/o" \
    && pass "check names a revisit that repeats its line" || fail "fair: revisit" "$(cat "$T/o")"
grep -q "^$F:11: node 'opening': transition to 'side' tests 'lur.listen' (met), which this node does not score" "$T/o" \
    && pass "check names a condition on a criterion out of focus" || fail "fair: focus" "$(cat "$T/o")"
grep -q "^counterpart: 8 problems" "$T/o" && pass "check counts problems, not warnings" || fail "fair: count" "$(tail -1 "$T/o")"
"$BIN" check tests/fixtures/fair_missing.lua > "$T/o" 2>&1; expect_rc "check without a brief exits 1" 1 $?
grep -q "^tests/fixtures/fair_missing.lua:2: scenario: no 'brief'" "$T/o" && grep -q "^tests/fixtures/fair_missing.lua:12: ending 'done' has no 'title'" "$T/o" \
    && pass "check asks for a brief and ending titles" || fail "fair: brief/title" "$(cat "$T/o")"
"$BIN" run tests/fixtures/fair_missing.lua --replies /dev/null > /dev/null 2>&1; expect_rc "a scenario without a brief still plays" 0 $?

for f in endless_loop os_execute io_open require memory_bomb pattern_match; do
    "$BIN" check "tests/sandbox/$f.lua" > "$T/o" 2>&1; rc=$?
    if [ $rc -eq 1 ] && grep -q "^tests/sandbox/$f.lua:" "$T/o"; then pass "check refuses hostile $f.lua naming the file"
    else fail "hostile $f.lua" "rc=$rc $(head -c 300 "$T/o")"; fi
done

"$BIN" list > "$T/o" 2>&1; expect_rc "list exits 0" 0 $?
for id in missing_materials contribution_base firm_arrears; do
    grep -q "^$id " "$T/o" && pass "list shows $id" || fail "list $id" "$(cat "$T/o")"
done

printf '#1\n' > "$T/one.txt"
"$BIN" run missing_materials --replies "$T/one.txt" --json > "$T/o.json" 2> "$T/e"
expect_rc "run --json exits 0" 0 $?
python3 - "$T/o.json" <<'PY' && pass "run --json has the documented shape, ending null when replies run out" || fail "run --json shape" "$(head -c 400 "$T/o.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["scenario"] == "missing_materials"
assert d["ending"] is None
t = d["turns"][0]
for k in ("node", "citizen", "reply", "criteria", "state"):
    assert k in t, k
assert t["node"] == "opening" and t["citizen"]
assert {"anger", "trust"} <= set(t["state"])
ids = [c["id"] for c in t["criteria"]]
# the turn shows the opening node's focus (reference choice 1 breaks no conduct rule) and nothing
# else: no 讲清依据 or 指明正式渠道 at a greeting
assert sorted(ids) == sorted(["lur.listen", "lur.order", "empathy.acknowledge", "empathy.no_blame",
                              "empathy.courtesy", "compliance.no_promise"]), ids
assert t["score"] == sum(c["score"] for c in t["criteria"]), t["score"]
assert t["max"] == sum(c["max"] for c in t["criteria"]), t["max"]
for c in t["criteria"]:
    for k in ("id", "name", "met", "score", "max", "evidence", "note"):
        assert k in c, k
PY

# Save, then resume in the terminal: the resumed session continues from the saved turn.
"$BIN" run missing_materials --replies "$T/one.txt" --save "$T/s.json" > /dev/null 2>&1
expect_rc "run --save exits 0" 0 $?
printf '/quit\n' | "$BIN" play missing_materials --tty --resume "$T/s.json" > "$T/o" 2>&1
expect_rc "play --tty --resume exits 0" 0 $?
node=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["current"]["citizen"][:10])' "$T/s.json")
grep -q "$node" "$T/o" && pass "resume shows the saved current line" || fail "resume" "$(head -c 300 "$T/o")"
printf '{"format": "counterpart-session", "version": 1,\n oops }' > "$T/broken.json"
printf '/quit\n' | "$BIN" play missing_materials --tty --resume "$T/broken.json" > "$T/o" 2>&1; rc=$?
expect_rc "resume from a broken save exits 1" 1 $rc
grep -q "$T/broken.json:2: not a valid session file" "$T/o" && pass "broken save error names file and line" || fail "broken save" "$(cat "$T/o")"
cp "$T/s.json" "$T/keep.json"
cmp -s "$T/s.json" "$T/keep.json" && pass "a failed resume leaves the save file untouched" || fail "save touched" ""

# No display: the window falls back to the terminal with a one-line notice.
printf '/quit\n' | env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER= "$BIN" play missing_materials > "$T/o" 2> "$T/e"
expect_rc "play without a display exits 0" 0 $?
[ "$(grep -c '没有可用的显示器' "$T/e")" = 1 ] && pass "one-line notice without a display" || fail "no-display notice" "$(cat "$T/e")"
grep -q "王建华" "$T/o" && pass "terminal mode shows the citizen" || fail "terminal mode" "$(head -c 300 "$T/o")"

# The terminal mode plays Chinese typed on stdin, with hints.
printf '/hint\n您好，请您慢慢说。\n/quit\n' | "$BIN" play missing_materials --tty > "$T/o" 2>&1
grep -q "提示：" "$T/o" && grep -q "得分" "$T/o" && pass "play --tty gives hints and feedback" || fail "play --tty" "$(head -c 500 "$T/o")"

# check: choices that make no difference, text that overflows the window.
"$BIN" check tests/fixtures/choices_same.lua > "$T/o" 2>&1; rc=$?
expect_rc "check flags choices that make no difference" 1 $rc
grep -q "^tests/fixtures/choices_same.lua:8: node 'a': every choice leads to 'e' with the same state" "$T/o" \
    && pass "the choices problem names file and line" || fail "choices lint" "$(cat "$T/o")"
grep -q "say is longer than 160 characters" "$T/o" && pass "check flags text that overflows the window" || fail "overflow lint" "$(cat "$T/o")"

# graph: DOT that Graphviz renders, endings coloured by rating, labelled transitions.
"$BIN" graph missing_materials > "$T/g.dot"; expect_rc "graph exits 0" 0 $?
grep -q '^digraph "missing_materials"' "$T/g.dot" && grep -q 'fillcolor="#a8dba8"' "$T/g.dot" && grep -q 'fillcolor="#f4a6a6"' "$T/g.dot" \
    && pass "graph colours endings by rating" || fail "graph colours" "$(head -5 "$T/g.dot")"
grep -q -- '-> "notice" \[label="' "$T/g.dot" && pass "graph labels transitions" || fail "graph labels" ""
if command -v dot > /dev/null; then
    dot -Tsvg "$T/g.dot" > "$T/g.svg" 2> "$T/e" && grep -q "<svg" "$T/g.svg" && pass "dot renders the graph" || fail "dot" "$(cat "$T/e")"
else
    echo "SKIP dot renders the graph: dot is not installed (graphviz)"
fi
"$BIN" graph no_such > /dev/null 2>&1; expect_rc "graph of a missing scenario exits 1" 1 $?

# new: a starting scenario that passes check and plays to each of its endings; never overwrites.
"$BIN" new my_case --dir "$T" > /dev/null; expect_rc "new exits 0" 0 $?
"$BIN" check "$T/my_case.lua" > "$T/o" 2>&1; expect_rc "the new scenario passes check" 0 $?
for p in "resolved:#1 #1" "unsure:#2 #2" "complaint:#3"; do
    want=${p%%:*}; printf '%s\n' ${p#*:} > "$T/r.txt"
    got=$("$BIN" run "$T/my_case.lua" --replies "$T/r.txt" --json | python3 -c 'import json,sys; e=json.load(sys.stdin)["ending"]; print(e and e["id"])')
    [ "$got" = "$want" ] && pass "the new scenario reaches '$want'" || fail "new scenario path $want" "got $got"
done
echo "-- edited" >> "$T/my_case.lua"
"$BIN" new my_case --dir "$T" > /dev/null 2> "$T/e"; expect_rc "new refuses to overwrite" 1 $?
tail -1 "$T/my_case.lua" | grep -q "edited" && pass "the existing file is kept" || fail "new overwrote" ""
"$BIN" new "Bad Name" --dir "$T" > /dev/null 2>&1; expect_rc "new with a bad name exits 2" 2 $?

[ $fails -eq 0 ]
