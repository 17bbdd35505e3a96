#!/bin/sh
# A full disk on a seat (SQLite): a genuine SQLITE_FULL, made without root or a tiny file
# system by the test-only hook COUNTERPART_TEST_PAGE_LIMIT (a file whose number the driver applies
# as PRAGMA max_page_count before each write; records_int.h). `practice` says in plain Chinese
# that the disk is full and whom to tell, adds the technical line (file, SQLITE_FULL), keeps the
# reply in memory and waits: after the limit is raised ("space freed") an empty line retries and
# the reply is recorded exactly once; at the end of input it stops (exit 1) naming the unsaved
# reply and the --resume command, which then goes on with nothing lost or doubled. Also: a reply
# stream on standard input (--replies -) answers the question in the same stream.
# Env: BIN, ROOT. Needs python3.
set -u
trap "" PIPE   # a seat that exits early must not kill the test when it writes to the fifo
cd "$ROOT" || exit 1
T=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"; }
unset COUNTERPART_PASSPHRASE COUNTERPART_DB_RETRIES COUNTERPART_DB_RETRY_MS COUNTERPART_DB_BUSY_MS
export COUNTERPART_KEY="$T/signing.key" HOME="$T" XDG_CONFIG_HOME="$T/config"
DB="$T/r.db"
R=scenarios/replies/missing_materials/resolved.txt
NR=$(grep -c . "$R")
sql() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]): print("|".join(str(x) for x in r))' "$DB" "$1"; }
"$BIN" trainee add 张三 2001 --db "$DB" > /dev/null
"$BIN" trainee add 李四 2002 --db "$DB" > /dev/null
export COUNTERPART_TEST_PAGE_LIMIT="$T/limit"

# ---- full, then space freed while the seat waits: Enter retries, recorded once ----
echo 1 > "$T/limit"   # as small as allowed: the file's present size
rm -f "$T/fifo"; mkfifo "$T/fifo"
"$BIN" practice missing_materials --trainee 2001 --db "$DB" --replies "$R" < "$T/fifo" > "$T/o" 2> "$T/e" &
PID=$!
exec 3> "$T/fifo"
i=0
while ! grep -q "原因排除后按回车重试" "$T/e" && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
grep -q "本机磁盘（记录文件所在的磁盘）空间已满，这条回答还没有保存。请通知培训师或管理员清理磁盘空间；回答保留在本机，不会丢失。" "$T/e" \
    && pass "a full disk is said in plain Chinese: what, whom to tell, the reply kept" || fail "full msg" "$(cat "$T/e")"
grep -q "^技术信息：记录文件 $DB，SQLite SQLITE_FULL (13)：database or disk is full" "$T/e" \
    && pass "... with the technical line (the file, SQLITE_FULL)" || fail "tech line" "$(cat "$T/e")"
done_before=$(grep -c '^recorded ' "$T/o")
echo "" >&3                     # Enter while still full: asked again, nothing written
i=0
while [ "$(grep -c '原因排除后按回车重试' "$T/e")" -lt 2 ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
[ "$(grep -c '原因排除后按回车重试' "$T/e")" = 2 ] && [ "$(grep -c '^recorded ' "$T/o")" = "$done_before" ] \
    && pass "a retry while still full asks again and records nothing" || fail "retry full" "$(cat "$T/e")"
echo 1000000 > "$T/limit"       # space freed
echo "" >&3
exec 3>&-
wait $PID; rc=$?; PID=""
expect_rc "the session goes on after space is freed" 0 $rc
grep -q "数据库已可写入，第 $((done_before + 1)) 轮回复已保存。" "$T/e" && pass "... saying the kept reply is now saved" || fail "saved msg" "$(cat "$T/e")"
got=$(sql "select count(*), count(distinct seq), max(seq), max(attempt) from turns where session_id = 1")
[ "$got" = "$NR|$NR|$NR|1" ] && pass "every reply recorded exactly once ($got)" || fail "counts" "$got"
grep -q "^ended resolved" "$T/o" && pass "the session ends as it would have" || fail "end" "$(tail -2 "$T/o")"

# ---- full, and the seat stops (end of input): told how to resume; nothing lost or doubled ----
echo 1 > "$T/limit"
"$BIN" practice missing_materials --trainee 2002 --db "$DB" --replies "$R" < /dev/null > "$T/o" 2> "$T/e"
expect_rc "a seat that stops on a full disk exits 1" 1 $?
sid=$(sed -n 's/^session \([0-9]*\) turn 1$/\1/p' "$T/o")
saved=$(grep -c '^recorded ' "$T/o")
line=$((saved + 1))
grep -q "第 $line 轮回复未能保存（$R 第 $line 行：" "$T/e" && grep -q "原因排除后继续：" "$T/e" \
    && grep -q "counterpart practice missing_materials --resume $sid --replies 从第 $line 行起的回复文件" "$T/e" \
    && pass "... naming the unsaved reply and the --resume command" || fail "stop msg" "$(cat "$T/e")"
echo 1000000 > "$T/limit"
sed -n "$line,\$p" "$R" > "$T/rest.txt"
"$BIN" practice missing_materials --resume "$sid" --db "$DB" --replies "$T/rest.txt" > "$T/o2" 2> "$T/e2" < /dev/null
expect_rc "--resume after space is freed" 0 $?
got=$(sql "select count(*), count(distinct seq), max(seq), max(attempt) from turns where session_id = $sid")
[ "$got" = "$NR|$NR|$NR|1" ] && pass "... every reply recorded exactly once ($got)" || fail "resume counts" "$got $(cat "$T/e2")"

# ---- the reply stream on standard input answers the question in the same stream ----
"$BIN" trainee add 王五 2003 --db "$DB" > /dev/null
echo 1 > "$T/limit"
rm -f "$T/fifo"; mkfifo "$T/fifo"
"$BIN" practice missing_materials --trainee 2003 --db "$DB" --replies - < "$T/fifo" > "$T/o" 2> "$T/e" &
PID=$!
exec 3> "$T/fifo"
n=0
while [ $n -lt "$NR" ] && ! grep -q "原因排除后按回车重试" "$T/e"; do
    n=$((n + 1)); sed -n "${n}p" "$R" >&3
    i=0
    while [ "$(grep -c '^recorded ' "$T/o")" -lt $n ] && ! grep -q "原因排除后按回车重试" "$T/e" && [ $i -lt 400 ]; do
        sleep 0.05; i=$((i + 1)); done
done
echo 1000000 > "$T/limit"
echo "" >&3
sed -n "$((n + 1)),\$p" "$R" >&3
exec 3>&-
wait $PID; rc=$?; PID=""
sid=$(sed -n 's/^session \([0-9]*\) turn 1$/\1/p' "$T/o")
got=$(sql "select count(*), count(distinct seq), max(attempt) from turns where session_id = ${sid:-0}")
[ "$rc" = 0 ] && [ "$got" = "$NR|$NR|1" ] && grep -q "原因排除后按回车重试" "$T/e" \
    && pass "--replies -: an empty line in the stream retries; recorded once ($got)" || fail "stdin stream" "rc $rc $got $(cat "$T/e")"

[ "$fails" -eq 0 ]
