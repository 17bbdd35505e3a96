#!/bin/sh
# A class exam on a centre's server (tests/pg/server.sh): an assessor's login assigns an exam to
# 一班 (3 trainees); `exam watch` (the assessor) runs throughout; two seat logins (seat roles
# with passwords in a libpq password file) take their own runs with scripted replies - one fed
# line by line, so the board is seen to move - and the board shows each progress and finish with
# 通过 / 未通过, the third 未开始. The server itself refuses a seat that starts another
# trainee's run, an exam not assigned to it, its own run a second time, or an exam by passphrase;
# a seat cannot assign. Every wait has a timeout; no fixed sleeps.
# When no server can be started: "SKIP ...: reason" - a failure under CI.
# Env: BIN (counterpart binary), ROOT (repo). Uses psql.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
SRV="$T/srv"
PIDS=""
cleanup() {
    for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
    sh tests/pg/server.sh stop "$SRV" > /dev/null 2>&1
    [ -n "${KEEP:-}" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"; }
unset COUNTERPART_DB COUNTERPART_PASSPHRASE COUNTERPART_NEW_PASSPHRASE PGPASSFILE PGSERVICEFILE PGSERVICE
export XDG_CONFIG_HOME="$T/config" COUNTERPART_KEY="$T/signing.key" HOME="$T"

# wait_for FILE TEXT SECONDS: until FILE holds TEXT (a fixed string), at most SECONDS
wait_for() {
    end=$(($(date +%s) + $3))
    while ! grep -qF -- "$2" "$1" 2>/dev/null; do
        [ "$(date +%s)" -ge "$end" ] && return 1
        sleep 0.05
    done
    return 0
}
# wait_exit PID SECONDS: until the process has ended (its status in $?), at most SECONDS
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

if ! sh tests/pg/server.sh start "$SRV" > /dev/null 2> "$T/why"; then
    why=$(tr '\n' ' ' < "$T/why")
    if [ -n "${CI:-}" ]; then
        fail "PostgreSQL server" "could not start one on CI: $why"
        exit 1
    fi
    echo "SKIP class exam on PostgreSQL: no throwaway server could be started ($why)"
    exit 0
fi
SOCK="$SRV/sock"
CENTRE=$(sh tests/pg/server.sh createdb "$SRV" centre)
q() { psql -X -q -A -t -F '|' "$1" -c "$2" 2>&1; }

MM=scenarios/replies/missing_materials/resolved.txt
CB=scenarios/replies/card_balance/resolved.txt
PASSF="$T/pass"; printf 'correct horse 社保\n' > "$PASSF"
cat > "$T/two.lua" <<'LUA'
return exam {
  id = "two_part", title = "两部分考核", scenarios = { "missing_materials", "card_balance" },
  time_limit = 60, pass_mark = 50, feedback = false,
}
LUA
"$BIN" centre init "$CENTRE" > /dev/null 2>&1; expect_rc "centre init" 0 $?
for t in "张三 3001" "李四 3002" "王五 3003"; do
    # shellcheck disable=SC2086
    "$BIN" trainee add $t 一班 --db "$CENTRE" > /dev/null || fail "trainee" "$t"
done
"$BIN" trainee add 赵六 3004 二班 --db "$CENTRE" > /dev/null
"$BIN" passphrase set --db "$CENTRE" --new-file "$PASSF" > /dev/null
printf 'seat pw a\n' > "$T/pw1"; printf 'seat pw b\n' > "$T/pw2"; printf 'assessor pw\n' > "$T/pw3"
"$BIN" centre grant "$CENTRE" seat3001 seat --trainee 3001 --password-file "$T/pw1" > /dev/null \
    && "$BIN" centre grant "$CENTRE" seat3002 seat --trainee 3002 --password-file "$T/pw2" > /dev/null \
    && "$BIN" centre grant "$CENTRE" zhou assessor --password-file "$T/pw3" > /dev/null
expect_rc "two seat logins (3001, 3002) and an assessor's" 0 $?
printf '*:*:*:seat3001:seat pw a\n*:*:*:seat3002:seat pw b\n*:*:*:zhou:assessor pw\n' > "$T/pgpass"
chmod 600 "$T/pgpass"
export PGPASSFILE="$T/pgpass"
SEAT1="postgresql:///centre?host=$SOCK&user=seat3001"
SEAT2="postgresql:///centre?host=$SOCK&user=seat3002"
ASSESSOR="postgresql:///centre?host=$SOCK&user=zhou"

# ---- The assessor assigns ----
"$BIN" exam assign "$T/two.lua" --group 一班 --by 周考官 --db "$SEAT1" --passphrase-file "$PASSF" > /dev/null 2> "$T/e"
expect_rc "a seat cannot assign an exam, even with the passphrase" 1 $?
grep -q "permission refused by the records server" "$T/e" && pass "... the server refuses it" || fail "seat assign" "$(cat "$T/e")"
"$BIN" exam assign "$T/two.lua" --group 一班 --by 周考官 --db "$ASSESSOR" --passphrase-file "$PASSF" > "$T/o" 2>&1
expect_rc "the assessor assigns the exam to 一班" 0 $?
grep -q "3 new, 0 already" "$T/o" && pass "... one ticket per member (3)" || fail "assign" "$(cat "$T/o")"
"$BIN" exam assign "$T/two.lua" --group 一班 --by 周考官 --db "$ASSESSOR" --passphrase-file "$PASSF" > "$T/o" 2>&1
grep -q "0 new, 3 already" "$T/o" && pass "assigning again while open makes none" || fail "assign again" "$(cat "$T/o")"
[ "$(q "$CENTRE" "select count(*), min(by), min(grp) from exam_tickets")" = "3|周考官|一班" ] \
    && pass "tickets record who assigned them and the class" || fail "tickets" "$(q "$CENTRE" "select * from exam_tickets")"

# ---- The board, live ----
"$BIN" exam watch --group 一班 --exam two_part --db "$ASSESSOR" --passphrase-file "$PASSF" < /dev/null > "$T/watch" 2>&1 &
WPID=$!; PIDS="$PIDS $WPID"
wait_for "$T/watch" "3003  王五  未开始" 20 && grep -q "3001  张三  未开始" "$T/watch" \
    && pass "watch shows every member 未开始" || fail "watch start" "$(cat "$T/watch")"
grep -q "记录服务器实时推送" "$T/watch" && pass "... live from the server" || fail "watch live" "$(head -2 "$T/watch")"

# ---- Seat 3001: fed line by line through a FIFO ----
mkfifo "$T/fifo"
"$BIN" exam take --trainee 3001 --db "$SEAT1" --replies "$T/fifo" > "$T/s1" 2>&1 &
S1=$!; PIDS="$PIDS $S1"
exec 3> "$T/fifo"
wait_for "$T/s1" "考核已开放：两部分考核" 20 && pass "the seat says 考核已开放 with the exam's title" || fail "take msg" "$(cat "$T/s1")"
sed -n 1,2p "$MM" >&3
wait_for "$T/watch" "3001  张三  进行中：第 1/2 个情景，已答 2 轮" 20 \
    && pass "the board shows 3001 in part 1 after 2 replies" || fail "watch progress" "$(cat "$T/watch")"
sed -n '3,$p' "$MM" >&3
wait_for "$T/watch" "3001  张三  进行中：第 2/2 个情景" 20 \
    && pass "... then in part 2" || fail "watch part 2" "$(cat "$T/watch")"
cat "$CB" >&3
exec 3>&-
wait_exit "$S1" 60; expect_rc "seat 3001 finishes its run" 0 $?
grep -q "passed" "$T/s1" || fail "seat 1 result" "$(tail -3 "$T/s1")"
wait_for "$T/watch" "3001  张三  已交卷：" 20 && grep "3001  张三  已交卷：" "$T/watch" | grep -q "，通过" \
    && pass "the board shows 3001 已交卷 with score, rating and 通过" || fail "watch finish 1" "$(cat "$T/watch")"

# ---- Seat 3002: drives the citizen away in part 1 (群众离开 2/5), fails on outcome ----
cat scenarios/replies/missing_materials/walked_away.txt "$CB" > "$T/r2"
"$BIN" exam take two_part --trainee 3002 --db "$SEAT2" --replies "$T/r2" > "$T/s2" 2>&1 &
S2=$!; PIDS="$PIDS $S2"
wait_exit "$S2" 60; expect_rc "seat 3002 finishes its run" 0 $?
wait_for "$T/watch" "3002  李四  已交卷：" 20 && grep "3002  李四  已交卷：" "$T/watch" | grep -q "好差评 2/5，未通过" \
    && pass "the board shows 3002 已交卷, 好差评 2/5, 未通过" || fail "watch finish 2" "$(cat "$T/watch") / $(tail -3 "$T/s2")"
grep -q "3003  王五  未开始" "$T/watch" && ! grep -q "3003  王五  [^未]" "$T/watch" \
    && pass "3003 stays 未开始" || fail "3003" "$(cat "$T/watch")"
kill -INT "$WPID"
wait_exit "$WPID" 10; expect_rc "watch ends on Ctrl-C (SIGINT) with status 0" 0 $?
[ "$(q "$CENTRE" "select count(*) from exam_runs where ticket_id is not null and ended is not null and by = '周考官'")" = 2 ] \
    && pass "two runs, each of its ticket, recorded with the assessor who assigned them" || fail "runs" "$(q "$CENTRE" "select * from exam_runs")"

# ---- What the server refuses a seat ----
"$BIN" exam take --trainee 3001 --db "$SEAT1" --replies "$CB" > /dev/null 2> "$T/e"
expect_rc "a seat cannot take its finished run again" 1 $?
"$BIN" exam take --trainee 3003 --db "$SEAT1" --replies "$CB" > /dev/null 2> "$T/e"
expect_rc "seat 3001 cannot take 3003's exam through Counterpart" 1 $?
T3=$(q "$CENTRE" "select id, exam_id from exam_tickets where trainee_id = (select id from trainees where staff_no = '3003')")
TK3=${T3%|*}; EX=${T3#*|}
ID1=$(q "$CENTRE" "select id from trainees where staff_no = '3001'")
ID3=$(q "$CENTRE" "select id from trainees where staff_no = '3003'")
TK1=$(q "$CENTRE" "select id from exam_tickets where trainee_id = $ID1")
q "$SEAT1" "insert into exam_runs(exam_id, trainee_id, by, min_rating, ticket_id) values($EX, $ID3, '周考官', 3, $TK3)" > "$T/e"
# refused by the server: the ticket trigger (the seat sees no ticket of 3003's) or row-level security
grep -Eq "row-level security|its ticket's exam and trainee" "$T/e" && pass "the server refuses seat 3001 starting 3003's assigned run" || fail "rls other" "$(cat "$T/e")"
q "$SEAT1" "insert into exam_runs(exam_id, trainee_id, by, min_rating, ticket_id) values($EX, $ID1, '周考官', 3, $TK3)" > "$T/e"
grep -Eq "row-level security|its ticket's exam and trainee" "$T/e" && pass "... or 3003's ticket as its own run" || fail "rls ticket" "$(cat "$T/e")"
q "$SEAT1" "insert into exam_runs(exam_id, trainee_id, by, min_rating) values($EX, $ID1, '周考官', 3)" > "$T/e"
grep -q "row-level security" "$T/e" && pass "the server refuses a seat's run of an exam not assigned to it" || fail "rls unassigned" "$(cat "$T/e")"
q "$SEAT1" "insert into exam_runs(exam_id, trainee_id, by, min_rating, ticket_id) values($EX, $ID1, '周考官', 3, $TK1)" > "$T/e"
grep -Eq "duplicate key|unique" "$T/e" && pass "the server refuses a seat starting its own assigned run twice" || fail "rls twice" "$(cat "$T/e")"
q "$SEAT1" "insert into exam_tickets(exam_id, trainee_id) values($EX, $ID1)" > "$T/e"
grep -q "permission denied" "$T/e" && pass "a seat cannot give itself a ticket" || fail "seat ticket" "$(cat "$T/e")"
q "$SEAT1" "update exam_runs set passed = 0 where trainee_id = $ID1" > "$T/e"
[ "$(q "$CENTRE" "select passed from exam_runs where trainee_id = $ID1")" = 1 ] \
    && pass "a seat cannot change its finished run (no row to update)" || fail "seat update" "$(cat "$T/e")"
q "$SEAT1" "update exam_runs set by = 'x' where trainee_id = $ID1" > "$T/e"
grep -q "permission denied" "$T/e" && pass "... nor a column other than the run's end" || fail "seat update by" "$(cat "$T/e")"
"$BIN" exam start "$T/two.lua" --trainee 3001 --db "$SEAT1" --passphrase-file "$PASSF" --replies "$MM" > /dev/null 2> "$T/e"
expect_rc "a seat cannot start an exam by passphrase" 1 $?
grep -q "permission refused by the records server" "$T/e" && pass "... the server refuses it" || fail "seat start" "$(cat "$T/e")"
[ "$(q "$CENTRE" "select count(*) from exam_runs")" = 2 ] && pass "no run was added by any refused attempt" || fail "runs after" "$(q "$CENTRE" "select * from exam_runs")"

# ---- Watch ends by itself when every assigned member has finished ----
"$BIN" exam assign "$T/two.lua" --trainee 3004 --db "$ASSESSOR" --passphrase-file "$PASSF" > /dev/null 2>&1
"$BIN" exam watch --group 二班 --db "$ASSESSOR" --passphrase-file "$PASSF" < /dev/null > "$T/w2" 2>&1 &
W2=$!; PIDS="$PIDS $W2"
wait_for "$T/w2" "3004  赵六  未开始" 20 || fail "watch 2 start" "$(cat "$T/w2")"
cat "$MM" "$CB" > "$T/r4"
"$BIN" exam take --trainee 3004 --db "$ASSESSOR" --replies "$T/r4" > /dev/null 2>&1
wait_exit "$W2" 20; expect_rc "watch ends when every assigned member has finished" 0 $?
grep -q "全部交卷：1 人，通过 1 人" "$T/w2" && pass "... with a summary line" || fail "watch end" "$(cat "$T/w2")"

# ---- A centre at schema v5 migrates: its roles learn the tickets (centre init is not needed) ----
OLD=$(sh tests/pg/server.sh createdb "$SRV" old)
"$BIN" centre init "$OLD" > /dev/null 2>&1
"$BIN" trainee add 孙八 5001 五班 --db "$OLD" > /dev/null
"$BIN" passphrase set --db "$OLD" --new-file "$PASSF" > /dev/null
printf 'seat pw c\n' > "$T/pw5"
"$BIN" centre grant "$OLD" seat5001 seat --trainee 5001 --password-file "$T/pw5" > /dev/null
printf '*:*:*:seat5001:seat pw c\n' >> "$T/pgpass"
# back to v5: what v6 added is dropped (with the policies that use it)
q "$OLD" "drop table exam_tickets cascade; alter table exam_runs drop column ticket_id cascade;
  drop function cp_exam_runs_of_ticket() cascade; drop function cp_notify_exam() cascade;
  update settings set value = '5' where key = 'schema_version'" > "$T/e"
[ "$(q "$OLD" "select to_regclass('exam_tickets') is null")" = t ] || fail "downgrade" "$(cat "$T/e")"
"$BIN" exam assign "$T/two.lua" --group 五班 --db "$OLD" --passphrase-file "$PASSF" > "$T/o" 2>&1
expect_rc "the owner's next command migrates a v5 centre to the current schema" 0 $?
"$BIN" exam take --trainee 5001 --db "postgresql:///old?host=$SOCK&user=seat5001" --replies "$T/r4" > "$T/o" 2>&1
expect_rc "... and its seat can take its assigned run (the seat's policies were renewed)" 0 $?

[ "$fails" -eq 0 ]
