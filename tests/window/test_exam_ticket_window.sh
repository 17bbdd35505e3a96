#!/bin/sh
# test_exam_ticket_window.sh - a class exam at a seat's window: after an assessor assigns
# exam_tiny to 一班 (`exam assign`), `play --trainee 1001` opens on the start screen saying
# 「考核已开放：…」 with 考核模式 chosen; Enter starts exactly that run - no passphrase screen -
# and it plays to the result screen; the run is the ticket's. Afterwards the window offers it no
# more, and 考核模式 leads to the assessor's passphrase screen again (nothing else was unlocked).
# Checked through the text the window drew (COUNTERPART_SHOT_TEXT).
# Env: BIN, ROOT. Prints PASS/FAIL/SKIP lines.
set -u
ROOT=${ROOT:-$(pwd)}
BIN=${BIN:-$ROOT/build/counterpart}
T=$(mktemp -d)
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS
unset COUNTERPART_PASSPHRASE
export COUNTERPART_SCENARIOS="$ROOT/tests/window" COUNTERPART_RUBRICS="$ROOT/scenarios/rubrics"
export COUNTERPART_SHOT_TEXT=1 COUNTERPART_DB="$T/r.db"
. "$ROOT/tests/window/display.sh"
printf 'assessor-one\n' > "$T/pass"
"$BIN" trainee add 王小明 1001 一班 > /dev/null 2>&1
"$BIN" trainee add 李小红 1002 一班 > /dev/null 2>&1
"$BIN" passphrase set --new-file "$T/pass" > /dev/null 2>&1
"$BIN" exam assign "$ROOT/tests/fixtures/exam_tiny.lua" --group 一班 --by 周考官 --passphrase-file "$T/pass" > /dev/null 2>&1 \
    || fail "assign" "exam assign failed"
# all text drawn on the screenshots whose names end in $2 (start, exam, result...), whitespace removed
shot_text() { cat "$1"/*-"$2".txt 2>/dev/null | cut -f2- | tr -d ' \n'; }
printf '您好，我看看\n您放心，我这就帮您看。\n您放心，我这就帮您看。\n' > "$T/replies.txt"
run_win timeout 120 "$BIN" play --trainee 1001 --script "$T/replies.txt" --screenshot "$T/a" > "$T/o" 2> "$T/e"
rc=$?
[ $rc = 0 ] && pass "the seat's window plays the assigned exam" || fail "play" "exit $rc: $(head -3 "$T/e")"
s=$(shot_text "$T/a" start)
case "$s" in *考核已开放：测试考核：补交材料*周考官指派*) pass "the start screen says 考核已开放 with the exam and who assigned it" ;;
    *) fail "offer" "$s" ;; esac
case "$s" in *开始考核*) pass "... and its button starts the exam" ;; *) fail "button" "$s" ;; esac
ls "$T/a"/*-exam.txt > /dev/null 2>&1 && pass "Enter opened the exam's first part (no passphrase asked)" || fail "exam shots" "$(ls "$T/a")"
case "$(cat "$T/a"/*.txt | cut -f2- | tr -d ' \n')" in *考官解锁*|*解锁并开始考核*) fail "no passphrase" "the passphrase screen showed" ;;
    *) pass "the assessor's passphrase screen never showed" ;; esac
ls "$T/a"/*-result.txt > /dev/null 2>&1 && pass "the run ends on its result screen" || fail "result" "$(ls "$T/a")"
n=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("select count(*) from exam_runs x join exam_tickets t on t.id = x.ticket_id"
                " join trainees p on p.id = x.trainee_id where p.staff_no = \"1001\" and x.ended is not null"
                " and x.by = \"周考官\"").fetchone()[0])' "$T/r.db")
[ "$n" = 1 ] && pass "the run recorded is 1001's ticket's, by the assessor who assigned it" || fail "run" "$n"
# again: no offer; the exam by name (play --exam) asks for the assessor's passphrase
printf '周考官\n' > "$T/none.txt"
run_win timeout 120 "$BIN" play --trainee 1001 --exam "$ROOT/tests/fixtures/exam_tiny.lua" --script "$T/none.txt" \
    --screenshot "$T/b" > "$T/o" 2> "$T/e"
case "$(cat "$T/b"/*.txt | cut -f2- | tr -d ' \n')" in *考核已开放*) fail "no offer" "offered again" ;;
    *考官解锁*解锁并开始考核*) pass "a started run is not offered again; the exam asks for the passphrase" ;;
    *) fail "second" "$(ls "$T/b"; head -3 "$T/e")" ;; esac
# 1002's seat names the assigned exam (play --exam): it starts as assigned, no passphrase
run_win timeout 120 "$BIN" play --trainee 1002 --exam "$ROOT/tests/fixtures/exam_tiny.lua" --script "$T/replies.txt" \
    --screenshot "$T/c" > "$T/o" 2> "$T/e"
case "$(cat "$T/c"/*.txt | cut -f2- | tr -d ' \n')" in *考官解锁*|*解锁并开始考核*) fail "play --exam" "the passphrase screen showed" ;;
    *) ls "$T/c"/*-result.txt > /dev/null 2>&1 && pass "play --exam of the assigned exam starts it without the passphrase" \
           || fail "play --exam" "$(ls "$T/c"; head -3 "$T/e")" ;; esac
[ -n "${KEEP:-}" ] && cp -r "$T" "$KEEP"
[ "$fails" -eq 0 ]
