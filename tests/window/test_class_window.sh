#!/bin/sh
# test_class_window.sh - the classroom mode in the real window (Xvfb): a scripted class of two
# trainees alternating at the keyboard (picked with Ctrl+2, then 轮流), a pause to discuss that
# keeps the half-typed reply, 案例拆解 unlocked with the assessor passphrase, an override with a
# comment, the cohort summary and 导出成绩单. Checks the records with python3's sqlite3, the
# exported files, and that every classroom screen was saved and is not blank.
# Env: BIN (counterpart binary), ROOT (repo). Prints PASS/FAIL lines; exits non-zero on failure.
set -u
ROOT=${ROOT:-$(pwd)}
BIN=${BIN:-$ROOT/build/counterpart}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
PNG="python3 $ROOT/tests/window/pngcheck.py"
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS
unset COUNTERPART_DB COUNTERPART_PASSPHRASE
export COUNTERPART_SCENARIOS="$ROOT/scenarios" COUNTERPART_RUBRICS="$ROOT/scenarios/rubrics"
export COUNTERPART_KEY="$T/key/signing.key"

. "$ROOT/tests/window/display.sh"   # DISPLAY or Xvfb or offscreen; run_win
[ -z "${DISPLAY:-}" ] && export SDL_VIDEODRIVER=offscreen

DB="$T/class.db"
"$BIN" trainee import "$ROOT/tests/fixtures/roster_utf8.csv" --db "$DB" > /dev/null 2>&1 || fail "roster" "import failed"
printf 'correct horse 社保\n' > "$T/pass"
"$BIN" passphrase set --db "$DB" --new-file "$T/pass" > /dev/null 2>&1 || fail "passphrase" "set failed"
R="$ROOT/scenarios/replies/missing_materials/resolved.txt"
L() { sed -n "${1}p" "$R"; }
cat > "$T/script.txt" <<SCRIPT
$(L 1)
!enter
!ctrl+2
!type 我确认一下：
!f5
!esc
!type 您是说前两次每回只说缺一样，让您白跑了三趟，对吗？这是我们没讲清楚，对不起。今天我一次给您列全。
!enter
!f6
!type correct horse 社保
!enter
!enter
!type 复述到位，评分器漏判
!enter
!esc
!enter
!f4
$(L 3)
$(L 4)
!f7
!enter
!esc
SCRIPT
SH="$T/shots"
timeout 120 "$BIN" play missing_materials --mode classroom --db "$DB" --group 一班 --by 王老师 \
    --export-dir "$T/out" --script "$T/script.txt" --screenshot "$SH" > "$T/o" 2> "$T/e"
rc=$?
[ $rc = 0 ] && pass "a scripted classroom session runs" || fail "classroom run" "exit $rc: $(cat "$T/e")"

sql() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]): print("|".join(str(x) for x in r))' "$@"; }
got=$(sql "$DB" "select group_concat(k.staff_no, ',') from (select tr.staff_no from turns t join trainees tr on tr.id=t.keyboard_id order by t.seq) k")
[ "$got" = "1001,1002,1002,1001" ] && pass "who was at the keyboard is recorded per turn (picked, then 轮流)" || fail "keyboard" "$got"
got=$(sql "$DB" "select s.mode||'|'||tr.staff_no from sessions s join trainees tr on tr.id=s.trainee_id")
[ "$got" = "classroom|1001" ] && pass "one classroom session, under the first trainee at the keyboard" || fail "session" "$got"
got=$(sql "$DB" "select reply from turns where seq=2")
case "$got" in 我确认一下：您是说*) pass "the reply typed before the pause was kept and sent" ;; *) fail "pause" "$got" ;; esac
got=$(sql "$DB" "select o.by||'|'||o.why from overrides o")
[ "$got" = "王老师|复述到位，评分器漏判" ] && pass "the override is recorded with who and why" || fail "override" "$got"
got=$(sql "$DB" "select count(*) from overrides o join turn_results r on r.turn_id=o.turn_id and r.criterion=o.criterion where r.met != o.met")
[ "$got" = 1 ] && pass "the automatic result is kept beside the override" || fail "auto kept" "$got"
n=$(ls "$T/out" 2>/dev/null | grep -c '^成绩单_一班\.\(json\|csv\|xlsx\|pdf\)$')
[ "$n" = 4 ] && pass "导出成绩单 wrote json, csv, xlsx and pdf" || fail "export" "$(ls "$T/out" 2>&1)"
if [ -f "$T/out/成绩单_一班.json" ]; then
    "$BIN" verify "$T/out/成绩单_一班.json" > "$T/v" 2>&1 && pass "the exported JSON verifies" || fail "verify" "$(cat "$T/v")"
    title=$(sed -n 's/^ *title = "\(.*\)",$/\1/p' "$ROOT/scenarios/missing_materials.lua" | head -1)
    [ -n "$title" ] && grep -q "\"title\":[[:space:]]*\"$title\"" "$T/out/成绩单_一班.json" \
        && pass "the sheet names the scenario by its title ($title)" || fail "title" "'$title' not in the export"
fi
for s in class-discuss class-cases class-override class-cohort; do
    f=$(ls "$SH"/*-$s.png 2>/dev/null | tail -1)
    if [ -z "$f" ]; then fail "screenshot $s" "none saved"
    elif $PNG notblank "$f" > /dev/null 2>&1; then pass "screenshot $s saved and not blank"
    else fail "screenshot $s" "blank: $f"; fi
done
f=$(ls "$SH"/*-typing.png | head -1)
n=$($PNG count "$f" 0B4A4F 10 0 0.9 1 1)
[ "${n:-0}" -gt 1000 ] && pass "the keyboard bar is drawn under the dialogue" || fail "keyboard bar" "$n pixels"
exit $fails
