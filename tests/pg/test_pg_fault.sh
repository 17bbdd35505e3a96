#!/bin/sh
# Faults on a seat that records to a centre's PostgreSQL server (a throwaway one:
# tests/pg/server.sh): a permission revoked mid-session (REVOKE INSERT ON turns FROM
# counterpart_seat) gives the seat the plain Chinese message naming its login role and the
# technical line (SQLSTATE 42501); the reply stays in memory, and after the grant is restored an
# empty line retries and it is recorded exactly once. A refusal before the session starts, with
# the input at its end, stops with exit 1 and nothing written. A real full disk on the server
# (SQLSTATE 53100): when this runs as root and may mount a 1 MB tmpfs, the replies' tables are
# moved onto a tablespace there and the tmpfs is filled; the seat says the server's disk is full,
# waits, and records the reply once after the filler is removed. Without root or mount that part
# is a counted SKIP (the SQLSTATE->kind mapping is unit-tested in test_records_fault).
# A seat started while the server is stopped, then starting up (turning connections away, 57P03),
# waits saying 正在重新连接 and opens once it is up, every reply once; a wrong password, a missing
# login role or database fail at once, without waiting.
# When no server can be started: "SKIP ...: reason" (a failure under CI).
# Env: BIN (counterpart binary), ROOT (repo). Uses psql.
set -u
trap "" PIPE   # a seat that exits early must not kill the test when it writes to the fifo
cd "$ROOT" || exit 1
T=$(mktemp -d)
SRV="$T/srv"
PID=""
MNT=""
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null
    sh tests/pg/server.sh stop "$SRV" > /dev/null 2>&1
    [ -n "$MNT" ] && umount "$MNT" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"; }
unset COUNTERPART_DB COUNTERPART_PASSPHRASE COUNTERPART_DB_RETRIES COUNTERPART_DB_RETRY_MS COUNTERPART_DB_WAIT_MS \
    COUNTERPART_DB_BUSY_MS COUNTERPART_TEST_PAGE_LIMIT PGPASSFILE PGSERVICEFILE PGSERVICE
export XDG_CONFIG_HOME="$T/config" COUNTERPART_KEY="$T/signing.key" HOME="$T"
PSQL() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

if ! sh tests/pg/server.sh start "$SRV" > /dev/null 2> "$T/why"; then
    why=$(tr '\n' ' ' < "$T/why")
    if [ -n "${CI:-}" ]; then
        fail "PostgreSQL server" "could not start one on CI: $why"
        exit 1
    fi
    echo "SKIP seat faults on PostgreSQL: no throwaway server could be started ($why)"
    exit 0
fi
SOCK="$SRV/sock"
CENTRE=$(sh tests/pg/server.sh createdb "$SRV" centre)
"$BIN" centre init "$CENTRE" > /dev/null || fail "centre init" "failed"
"$BIN" trainee add 张三 2001 --db "$CENTRE" > /dev/null
printf 'seat pw\n' > "$T/pw"
"$BIN" centre grant "$CENTRE" seat1001 seat --trainee 2001 --password-file "$T/pw" > /dev/null \
    || fail "grant" "failed"
printf '*:*:*:seat1001:seat pw\n' > "$T/pgpass"; chmod 600 "$T/pgpass"
export PGPASSFILE="$T/pgpass"
SEAT="postgresql:///centre?host=$SOCK&user=seat1001"
R=scenarios/replies/missing_materials/resolved.txt
NR=$(grep -c . "$R")
q() { psql -X -q -A -t -F '|' "$CENTRE" -c "$1"; }
PROMPT="原因排除后按回车重试"

# feed_until_prompt OUT ERR: writes reply lines to fd 3 one by one (each once recorded) until the
# seat asks to retry; sets n to the lines written
feed_until_prompt() {
    n=0
    while [ $n -lt "$NR" ] && ! grep -q "$PROMPT" "$2"; do
        n=$((n + 1)); sed -n "${n}p" "$R" >&3
        i=0
        while [ "$(grep -c '^recorded ' "$1")" -lt $n ] && ! grep -q "$PROMPT" "$2" && [ $i -lt 600 ]; do
            sleep 0.05; i=$((i + 1)); done
    done
}

# ---- a permission revoked mid-session ----
rm -f "$T/fifo"; mkfifo "$T/fifo"
"$BIN" practice missing_materials --trainee 2001 --db "$SEAT" --replies - < "$T/fifo" > "$T/o" 2> "$T/e" &
PID=$!
exec 3> "$T/fifo"
sed -n 1,2p "$R" >&3
i=0
while [ "$(grep -c '^recorded ' "$T/o")" -lt 2 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
q "REVOKE INSERT ON turns FROM counterpart_seat"
sed -n 3p "$R" >&3
i=0
while ! grep -q "$PROMPT" "$T/e" && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
grep -q "^记录服务器拒绝了本机的写入权限（角色 seat1001），这条回答还没有保存。请通知管理员为本机账号授权（counterpart centre grant）；回答保留在本机，不会丢失。$" "$T/e" \
    && pass "a revoked permission is said in plain Chinese, naming the seat's role" || fail "denied msg" "$(cat "$T/e")"
grep -q "^技术信息：记录服务器 postgresql:///centre?host=$SOCK&user=seat1001，登录角色 seat1001，SQLSTATE 42501：permission denied for table turns$" "$T/e" \
    && pass "... with the technical line (server, role, SQLSTATE 42501)" || fail "denied tech" "$(cat "$T/e")"
[ "$(q "select count(*) from turns")" = 2 ] && pass "... and nothing of the refused reply is on the server" || fail "partial" "$(q "select count(*) from turns")"
q "GRANT INSERT ON turns TO counterpart_seat"
echo "" >&3
sed -n '4,$p' "$R" >&3
exec 3>&-
wait $PID; rc=$?; PID=""
expect_rc "after the grant is restored, Enter retries and the session goes on" 0 $rc
grep -q "数据库已可写入，第 3 轮回复已保存。" "$T/e" && pass "... the kept reply is saved" || fail "saved" "$(cat "$T/e")"
got=$(q "select count(*), count(distinct seq), max(seq), max(attempt) from turns")
[ "$got" = "$NR|$NR|$NR|1" ] && pass "every reply recorded exactly once ($got)" || fail "counts" "$got"

# ---- refused before the session starts; the input at its end: stop, exit 1, nothing written ----
q "REVOKE INSERT ON sessions FROM counterpart_seat"
"$BIN" practice missing_materials --trainee 2001 --db "$SEAT" --replies "$R" < /dev/null > "$T/o" 2> "$T/e"
expect_rc "a seat refused at the start stops with exit 1 at the end of input" 1 $?
grep -q "^记录服务器拒绝了本机的写入权限（角色 seat1001），这次练习的记录还没有保存。" "$T/e" && grep -q "SQLSTATE 42501" "$T/e" \
    && pass "... saying so in Chinese" || fail "start msg" "$(cat "$T/e")"
[ "$(q "select count(*) from sessions")" = 1 ] && pass "... and no session was written" || fail "sessions" "$(q "select count(*) from sessions")"
q "GRANT INSERT ON sessions TO counterpart_seat"

# ---- the seat's password changed mid-session (its connection cut): the login is refused ----
"$BIN" trainee add 赵六 2003 --db "$CENTRE" > /dev/null
"$BIN" centre grant "$CENTRE" seat1003 seat --trainee 2003 --password-file "$T/pw" > /dev/null \
    || fail "grant 1003" "failed"
printf '*:*:*:seat1001:seat pw\n*:*:*:seat1003:seat pw\n' > "$T/pgpass"
SEAT3="postgresql:///centre?host=$SOCK&user=seat1003"
rm -f "$T/fifo"; mkfifo "$T/fifo"
"$BIN" practice missing_materials --trainee 2003 --db "$SEAT3" --replies - < "$T/fifo" > "$T/o" 2> "$T/e" &
PID=$!
exec 3> "$T/fifo"
sed -n 1,2p "$R" >&3
i=0
while [ "$(grep -c '^recorded ' "$T/o")" -lt 2 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
q "ALTER ROLE seat1003 PASSWORD 'changed pw'" > /dev/null
q "select pg_terminate_backend(pid) from pg_stat_activity where usename = 'seat1003'" > /dev/null
sed -n 3p "$R" >&3
i=0
while ! grep -q "$PROMPT" "$T/e" && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
grep -q "^记录服务器拒绝本机账号登录（角色 seat1003）：密码不对或账号已停用，这条回答还没有保存。请通知管理员核对本机的密码文件；回答保留在本机，不会丢失。$" "$T/e" \
    && grep -q "SQLSTATE 28P01：.*password authentication failed" "$T/e" \
    && pass "a refused login on reconnecting (28P01) is said in plain Chinese, not retried blindly" || fail "auth msg" "$(cat "$T/e")"
printf '*:*:*:seat1001:seat pw\n*:*:*:seat1003:changed pw\n' > "$T/pgpass"
echo "" >&3
sed -n '4,$p' "$R" >&3
exec 3>&-
wait $PID; rc=$?; PID=""
got=$(q "select count(*), count(distinct seq), max(attempt) from turns t join sessions s on s.id = t.session_id join trainees r on r.id = s.trainee_id where r.staff_no = '2003'")
[ "$rc" = 0 ] && [ "$got" = "$NR|$NR|1" ] \
    && pass "... with the password file fixed, Enter reconnects: every reply recorded once ($got)" || fail "auth retry" "rc $rc $got $(cat "$T/e")"

# ---- a seat that starts while the server is away: it waits, says 正在重新连接, and goes on ----
# stopped (nothing answers), then starting (a standby turning every connection away: 57P03 "not
# accepting connections"), then up: the seat opens once it may, every reply recorded once
"$BIN" trainee add 钱七 2004 --db "$CENTRE" > /dev/null
"$BIN" centre grant "$CENTRE" seat1004 seat --trainee 2004 --password-file "$T/pw" > /dev/null \
    || fail "grant 1004" "failed"
printf '*:*:*:seat1001:seat pw\n*:*:*:seat1003:changed pw\n*:*:*:seat1004:seat pw\n' > "$T/pgpass"
SEAT4="postgresql:///centre?host=$SOCK&user=seat1004"
sh tests/pg/server.sh pause "$SRV"
COUNTERPART_DB_WAIT_MS=30000 "$BIN" practice missing_materials --trainee 2004 --db "$SEAT4" --replies "$R" \
    < /dev/null > "$T/o" 2> "$T/e" &
PID=$!
i=0
while ! grep -q "正在重新连接" "$T/e" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
sh tests/pg/server.sh standby "$SRV" || fail "standby" "the server did not start as a standby"
n=$(grep -c "正在重新连接" "$T/e")
i=0   # the seat is turned away at least once more while the server starts
while [ "$(grep -c "正在重新连接" "$T/e")" -le "$n" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
sh tests/pg/server.sh promote "$SRV"
wait $PID; rc=$?; PID=""
expect_rc "a seat started while the server is stopped, then starting, opens once it is up" 0 $rc
grep -q "^暂时连不上记录服务器，正在重新连接：[0-9.]* 秒后重试（第 1 次，已等 0 秒）… 技术信息：.*No such file or directory" "$T/e" \
    && pass "... saying 正在重新连接 while nothing answers" || fail "wait msg" "$(cat "$T/e")"
grep -q "正在重新连接.*技术信息：.*the database system is not accepting connections" "$T/e" \
    && pass "... and while the server turns connections away (57P03)" || fail "57P03 msg" "$(cat "$T/e")"
grep -q "^已重新连接记录服务器（重试 [0-9]* 次）。$" "$T/e" && pass "... then that it is connected" || fail "reconnected msg" "$(cat "$T/e")"
got=$(q "select count(distinct s.id), count(*), count(distinct seq), max(attempt) from turns t join sessions s on s.id = t.session_id join trainees r on r.id = s.trainee_id where r.staff_no = '2004'")
sessions=$(q "select count(*) from sessions s join trainees r on r.id = s.trainee_id where r.staff_no = '2004'")
[ "$got" = "1|$NR|$NR|1" ] && [ "$sessions" = 1 ] && [ "$(grep -c '^recorded ' "$T/o")" = "$NR" ] \
    && pass "... one session, every reply recorded exactly once ($got)" || fail "wait counts" "$got; $sessions sessions"

# ---- what waiting cannot fix fails at once, without 正在重新连接 ----
# elapsed CMD...: runs CMD (stderr to $T/e), sets ms to its wall time and rc to its exit
elapsed() { t0=$(date +%s%N); "$@" > /dev/null 2> "$T/e"; rc=$?; ms=$(( ($(date +%s%N) - t0) / 1000000 )); }
at_once() {   # at_once NAME WORDS: exit 1, under 3 s, WORDS said, no waiting
    [ "$rc" = 1 ] && [ "$ms" -lt 3000 ] && grep -q "$2" "$T/e" && ! grep -q "正在重新连接" "$T/e" \
        && pass "$1 fails at once, naming it (${ms} ms)" || fail "$1" "rc $rc, $ms ms: $(cat "$T/e")"
}
printf '*:*:*:seat1004:wrong pw\n*:*:*:ghost:some pw\n' > "$T/badpass"; chmod 600 "$T/badpass"
PGPASSFILE="$T/badpass" COUNTERPART_DB_WAIT_MS=30000 elapsed "$BIN" practice missing_materials --trainee 2004 --db "$SEAT4" --replies "$R"
at_once "a wrong password" 'password authentication failed for user "seat1004"'
PGPASSFILE="$T/badpass" COUNTERPART_DB_WAIT_MS=30000 elapsed "$BIN" trainee list --db "postgresql:///centre?host=$SOCK&user=ghost"
at_once "a login role that does not exist" 'password authentication failed for user "ghost"'
COUNTERPART_DB_WAIT_MS=30000 elapsed "$BIN" trainee list --db "postgresql:///nodb?host=$SOCK&user=counterpart"
at_once "a database that does not exist" 'database "nodb" does not exist'
COUNTERPART_DB_WAIT_MS=30000 elapsed "$BIN" trainee list --db "postgresql:///centre?host=$SOCK&user=nobody"
at_once "a login without a password in the password file" 'no password supplied'

# ---- a real full disk on the server (root and a tmpfs), SQLSTATE 53100 ----
MNT="$T/tiny"
mkdir -p "$MNT"
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=1m,mode=0700 tmpfs "$MNT" 2> "$T/why"; then
    MNT=""
    echo "SKIP a real full disk on the PostgreSQL server: needs root and mount (a 1 MB tmpfs) - $(tr '\n' ' ' < "$T/why" 2>/dev/null)the SQLSTATE mapping is unit-tested"
else
    chown "$(stat -c %U "$SRV/data")" "$MNT"
    q "CREATE TABLESPACE tiny LOCATION '$MNT'" && q "ALTER TABLE turns SET TABLESPACE tiny" \
        && q "ALTER TABLE turn_results SET TABLESPACE tiny" || fail "tablespace" "could not move the tables"
    dd if=/dev/zero of="$MNT/filler" bs=4k > /dev/null 2>&1   # until the tmpfs is full
    "$BIN" trainee add 李四 2002 --db "$CENTRE" > /dev/null
    rm -f "$T/fifo"; mkfifo "$T/fifo"
    "$BIN" practice missing_materials --trainee 2002 --db "$CENTRE" --replies - < "$T/fifo" > "$T/o" 2> "$T/e" &
    PID=$!
    exec 3> "$T/fifo"
    feed_until_prompt "$T/o" "$T/e"
    grep -q "^记录服务器的磁盘空间已满，这条回答还没有保存。请通知培训师或管理员清理服务器空间；回答保留在本机，不会丢失。$" "$T/e" \
        && grep -q "SQLSTATE 53100：could not extend file" "$T/e" \
        && pass "a full disk on the server (a real SQLSTATE 53100) is said in plain Chinese" || fail "full msg" "$(cat "$T/e")"
    rm -f "$MNT/filler"
    echo "" >&3
    sed -n "$((n + 1)),\$p" "$R" >&3
    exec 3>&-
    wait $PID; rc=$?; PID=""
    got=$(q "select count(*), count(distinct seq), max(attempt) from turns t join sessions s on s.id = t.session_id join trainees r on r.id = s.trainee_id where r.staff_no = '2002'")
    [ "$rc" = 0 ] && [ "$got" = "$NR|$NR|1" ] \
        && pass "... after space is freed Enter retries: every reply recorded exactly once ($got)" || fail "full retry" "rc $rc $got $(cat "$T/e")"
fi

[ "$fails" -eq 0 ]
