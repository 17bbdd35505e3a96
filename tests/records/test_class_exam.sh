#!/bin/sh
# A class exam on one SQLite file: `exam assign` (assessor passphrase) gives each member of 一班
# the exam as the file is then; `exam take` (no passphrase) starts only the trainee's own run,
# once; a seat killed mid-run is continued by an assessor with `exam resume`; `exam watch`
# prints the board (--once), refreshes on a timer over a file and ends by itself when every
# assigned member has finished; `records copy` carries the tickets. Usage errors exit 2.
# Every wait has a timeout; no fixed sleeps.
# Env: BIN (counterpart binary), ROOT (repo). Uses python3's sqlite3 module to look inside.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
PIDS=""
trap 'for p in $PIDS; do kill -9 "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"; }
unset COUNTERPART_DB COUNTERPART_PASSPHRASE
sql() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]): print("|".join(str(x) for x in r))' "$@"; }
wait_for() {
    end=$(($(date +%s) + $3))
    while ! grep -qF -- "$2" "$1" 2>/dev/null; do
        [ "$(date +%s)" -ge "$end" ] && return 1
        sleep 0.05
    done
}
wait_exit() {
    end=$(($(date +%s) + $2))
    while kill -0 "$1" 2>/dev/null; do
        if [ "$(date +%s)" -ge "$end" ]; then
            kill -9 "$1" 2>/dev/null
            wait "$1" 2>/dev/null
            return 124
        fi
        sleep 0.05
    done
    wait "$1"
}
MM=scenarios/replies/missing_materials/resolved.txt
CB=scenarios/replies/card_balance/resolved.txt
DB="$T/r.db"
PASSF="$T/pass"; printf 'correct horse 社保\n' > "$PASSF"
cat > "$T/two.lua" <<'LUA'
return exam {
  id = "two_part", title = "两部分考核", scenarios = { "missing_materials", "card_balance" },
  time_limit = 60, pass_mark = 50, feedback = false,
}
LUA
"$BIN" trainee add 张三 2001 一班 --db "$DB" > /dev/null
"$BIN" trainee add 李四 2002 一班 --db "$DB" > /dev/null
"$BIN" trainee add 王五 2003 一班 --db "$DB" > /dev/null
"$BIN" passphrase set --db "$DB" --new-file "$PASSF" > /dev/null

# ---- Usage and help ----
"$BIN" exam --help > "$T/h" 2>&1
grep -q "counterpart exam assign EXAM (--group 班组 | --trainee ID)" "$T/h" && grep -q "counterpart exam take \[EXAM\] --trainee ID" "$T/h" \
    && grep -q "counterpart exam watch --group 班组" "$T/h" && pass "exam --help documents assign, take and watch" || fail "help" "$(cat "$T/h")"
"$BIN" exam assign "$T/two.lua" --db "$DB" > /dev/null 2>&1; expect_rc "assign without --group or --trainee exits 2" 2 $?
"$BIN" exam assign "$T/two.lua" --group 一班 --trainee 2001 --db "$DB" > /dev/null 2>&1; expect_rc "assign with both exits 2" 2 $?
"$BIN" exam take --db "$DB" > /dev/null 2>&1; expect_rc "take without --trainee exits 2" 2 $?
"$BIN" exam take --trainee 2001 --passphrase-file "$PASSF" --db "$DB" > /dev/null 2>&1; expect_rc "take takes no passphrase (exit 2)" 2 $?
"$BIN" exam watch --db "$DB" > /dev/null 2>&1; expect_rc "watch without --group exits 2" 2 $?

# ---- Assign ----
printf 'wrong one\n' > "$T/bad"
"$BIN" exam assign "$T/two.lua" --group 一班 --db "$DB" --passphrase-file "$T/bad" > /dev/null 2>&1
expect_rc "assign needs the right passphrase" 1 $?
"$BIN" exam assign "$T/two.lua" --group 三班 --db "$DB" --passphrase-file "$PASSF" > /dev/null 2> "$T/e"
expect_rc "assigning to a class nobody is in fails" 1 $?
grep -q "班组 '三班' has no trainees" "$T/e" && pass "... naming the class" || fail "empty class" "$(cat "$T/e")"
"$BIN" exam take --trainee 2001 --db "$DB" > /dev/null 2> "$T/e"
expect_rc "nothing to take before an assessor assigns" 1 $?
grep -q "没有为你开放的考核" "$T/e" && pass "... said in Chinese" || fail "none open" "$(cat "$T/e")"
"$BIN" exam assign "$T/two.lua" --group 一班 --by 周考官 --db "$DB" --passphrase-file "$PASSF" > "$T/o" 2>&1
expect_rc "the assessor assigns the exam to 一班" 0 $?
grep -q "3 new, 0 already" "$T/o" && pass "... a ticket per member" || fail "assign" "$(cat "$T/o")"
"$BIN" exam assign "$T/two.lua" --group 一班 --by 周考官 --db "$DB" --passphrase-file "$PASSF" > "$T/o" 2>&1
grep -q "0 new, 3 already" "$T/o" && pass "assigning again while open makes none" || fail "again" "$(cat "$T/o")"
# the file changes after assigning: the assigned exam does not
sed -i 's/pass_mark = 50/pass_mark = 99/' "$T/two.lua"
"$BIN" exam watch --group 一班 --once --db "$DB" --passphrase-file "$PASSF" > "$T/w" 2>&1
expect_rc "watch --once prints the board" 0 $?
[ "$(cat "$T/w")" = "2001  张三  未开始
2002  李四  未开始
2003  王五  未开始" ] && pass "... one line per member, 未开始" || fail "board" "$(cat "$T/w")"
"$BIN" exam watch --group 一班 --once --db "$DB" > /dev/null 2>&1 < /dev/null
expect_rc "watch needs the passphrase (others' results)" 1 $?

# ---- A timer-refreshed watch over the file, ending by itself ----
"$BIN" exam watch --group 一班 --interval 0.2 --db "$DB" --passphrase-file "$PASSF" < /dev/null > "$T/watch" 2>&1 &
WPID=$!; PIDS="$PIDS $WPID"
wait_for "$T/watch" "2003  王五  未开始" 20 && grep -q "记录文件，定时刷新" "$T/watch" \
    && pass "watch over a file says it refreshes on a timer" || fail "watch file" "$(cat "$T/watch")"

# ---- Seats take their runs ----
cat "$MM" "$CB" > "$T/r1"
"$BIN" exam take --trainee 2001 --db "$DB" --replies "$T/r1" > "$T/s1" 2>&1
expect_rc "trainee 2001 takes the assigned exam without the passphrase" 0 $?
grep -q "考核已开放：两部分考核（2 个情景，每轮限时 60 秒，及格 50%；周考官 指派于" "$T/s1" \
    && pass "... shown 考核已开放, the exam as assigned (pass mark 50, not the changed file's 99)" || fail "take" "$(head -3 "$T/s1")"
grep -q "passed" "$T/s1" && pass "... and passes" || fail "pass" "$(tail -3 "$T/s1")"
wait_for "$T/watch" "2001  张三  已交卷：100.0%，好差评 5/5，通过" 20 && pass "the board shows 2001 已交卷 ... 通过" || fail "watch 1" "$(cat "$T/watch")"
"$BIN" exam take --trainee 2001 --db "$DB" --replies "$T/r1" > /dev/null 2> "$T/e"
expect_rc "a finished assignment cannot be taken again" 1 $?

# 2002 is killed mid-run: it cannot take it again; an assessor continues it
mkfifo "$T/fifo"
"$BIN" exam take --trainee 2002 --db "$DB" --replies "$T/fifo" > "$T/s2" 2>&1 &
S2=$!; PIDS="$PIDS $S2"
exec 3> "$T/fifo"
sed -n 1,2p "$MM" >&3
wait_for "$T/s2" "recorded session" 20 && wait_for "$T/watch" "2002  李四  进行中：第 1/2 个情景，已答 2 轮" 20 \
    && pass "the board shows 2002 in part 1 after 2 replies" || fail "watch 2" "$(cat "$T/watch")"
kill -9 "$S2"; wait "$S2" 2>/dev/null
exec 3>&-
RUN=$(sql "$DB" "select x.id from exam_runs x join trainees t on t.id = x.trainee_id where t.staff_no = '2002'")
"$BIN" exam take --trainee 2002 --db "$DB" --replies "$T/r1" > /dev/null 2> "$T/e"
expect_rc "a seat cannot start its killed run again" 1 $?
grep -q "exam resume $RUN" "$T/e" && pass "... it names the assessor's exam resume $RUN" || fail "restart msg" "$(cat "$T/e")"
sed -n '3,$p' "$MM" > "$T/rest"; cat "$CB" >> "$T/rest"
"$BIN" exam resume "$RUN" --db "$DB" --passphrase-file "$PASSF" --replies "$T/rest" > "$T/s2r" 2>&1
expect_rc "an assessor continues it (exam resume)" 0 $?
wait_for "$T/watch" "2002  李四  已交卷：" 20 && pass "the board shows 2002 已交卷" || fail "watch 2 end" "$(cat "$T/watch")"
"$BIN" exam take two_part --trainee 2003 --db "$DB" --replies "$T/r1" > /dev/null 2>&1
expect_rc "trainee 2003 takes it by name" 0 $?
wait_exit "$WPID" 20; expect_rc "watch ends by itself when every member has finished" 0 $?
grep -q "全部交卷：3 人，通过 3 人" "$T/watch" && pass "... with a summary" || fail "summary" "$(cat "$T/watch")"
[ "$(sql "$DB" "select count(*) from exam_runs where ticket_id is not null and by = '周考官'")" = 3 ] \
    && pass "three runs, each of its ticket, by the assessor who assigned it" || fail "runs" "$(sql "$DB" "select * from exam_runs")"

# ---- Retake and copy ----
"$BIN" exam assign "$T/two.lua" --trainee 2001 --db "$DB" --passphrase-file "$PASSF" > "$T/o" 2>&1
grep -q "1 new" "$T/o" && pass "after a finished run, assigning again is a retake" || fail "retake" "$(cat "$T/o")"
"$BIN" records copy --from "$DB" --to "$T/copy.db" > "$T/o" 2>&1
expect_rc "records copy" 0 $?
[ "$(sql "$T/copy.db" "select count(*) from exam_tickets")|$(sql "$T/copy.db" "select count(*) from exam_runs where ticket_id is not null")" = "4|3" ] \
    && pass "... carries the tickets and each run's ticket" || fail "copy" "$(cat "$T/o")"

[ "$fails" -eq 0 ]
