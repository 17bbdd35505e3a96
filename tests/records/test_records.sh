#!/bin/sh
# The records database from the CLI: every reply survives a real kill -9 and the session resumes;
# locked, corrupt, truncated, foreign and newer files get clear errors naming the file and are
# left byte-for-byte untouched; the default path; the commands' help and exit codes.
# Env: BIN (counterpart binary), ROOT (repo). Uses python3's sqlite3 module to look inside.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
LOCKPID=""
trap '[ -n "$LOCKPID" ] && kill "$LOCKPID" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"; }
sum() { cksum < "$1"; }
REPLIES=scenarios/replies/missing_materials/resolved.txt
unset COUNTERPART_DB COUNTERPART_PASSPHRASE

# ---- Help and usage ----
for c in practice trainee history progress exam override passphrase; do
    "$BIN" "$c" --help > "$T/h" 2>&1
    expect_rc "$c --help exits 0" 0 $?
    grep -q "usage: counterpart $c" "$T/h" && pass "$c --help prints usage" || fail "$c --help" "$(head -2 "$T/h")"
done
"$BIN" trainee frob > /dev/null 2>&1; expect_rc "trainee with an unknown subcommand exits 2" 2 $?
"$BIN" override 1 1 lur.listen --met maybe --why x > /dev/null 2>&1; expect_rc "override --met maybe exits 2" 2 $?
"$BIN" practice missing_materials --replies "$REPLIES" > /dev/null 2>&1; expect_rc "practice without --trainee exits 2" 2 $?

# ---- Default path: $COUNTERPART_DB, else $XDG_DATA_HOME/counterpart/records.db ----
XDG_DATA_HOME="$T/xdg" "$BIN" trainee add 甲 9001 > /dev/null 2>&1
[ -f "$T/xdg/counterpart/records.db" ] && pass "the default database lives under XDG_DATA_HOME/counterpart" \
    || fail "default path" "$(ls -R "$T/xdg" 2>&1)"
COUNTERPART_DB="$T/env.db" XDG_DATA_HOME="$T/xdg" "$BIN" trainee add 乙 9002 > /dev/null 2>&1
[ -f "$T/env.db" ] && pass "COUNTERPART_DB overrides the default path" || fail "COUNTERPART_DB" "no $T/env.db"

# ---- Crash safety: a real kill -9 mid-session ----
DB="$T/crash.db"
"$BIN" trainee add 张三 2001 一班 --db "$DB" > /dev/null
mkfifo "$T/fifo"
"$BIN" practice missing_materials --trainee 2001 --db "$DB" --replies "$T/fifo" > "$T/out" 2> "$T/err" &
pid=$!
exec 3> "$T/fifo"
sed -n 1,3p "$REPLIES" >&3
i=0
while [ "$(grep -c '^recorded ' "$T/out")" -lt 3 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
confirmed=$(grep -c '^recorded ' "$T/out")
sed -n 4p "$REPLIES" >&3       # a fourth reply is in flight when the process dies
kill -9 $pid
wait $pid 2>/dev/null
exec 3>&-
[ "$confirmed" -eq 3 ] && pass "three replies were confirmed before the kill" || fail "confirmations" "$confirmed: $(cat "$T/err")"
sid=$(sed -n 's/^session \([0-9]*\) .*/\1/p' "$T/out" | head -1)
indb=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("select count(*) from turns where session_id=?", (int(sys.argv[2]),)).fetchone()[0])' "$DB" "$sid")
if [ "$indb" -ge "$confirmed" ] && [ "$indb" -le 4 ]; then pass "after kill -9 every confirmed reply is in the database ($indb of 4 sent)"
else fail "kill -9 lost replies" "db has $indb, confirmed $confirmed"; fi
n=$((indb + 1))
sed -n "$n,\$p" "$REPLIES" > "$T/rest.txt"
"$BIN" practice missing_materials --resume "$sid" --db "$DB" --replies "$T/rest.txt" > "$T/out2" 2>&1
expect_rc "the killed session resumes" 0 $?
grep -q "^session $sid turn $n\$" "$T/out2" && pass "it resumes at the first unanswered turn ($n)" || fail "resume turn" "$(head -2 "$T/out2")"
grep -q '^ended resolved outcome resolved rating 5' "$T/out2" && pass "the resumed session reaches the same ending as an uninterrupted run" \
    || fail "resume ending" "$(tail -3 "$T/out2")"
"$BIN" trainee add 李四 2002 --db "$T/clean.db" > /dev/null
"$BIN" practice missing_materials --trainee 2002 --db "$T/clean.db" --replies "$REPLIES" > /dev/null 2>&1
a=$("$BIN" history 2001 --db "$DB" | grep '^  session' | sed 's/.*score/score/')
b=$("$BIN" history 2002 --db "$T/clean.db" | grep '^  session' | sed 's/.*score/score/')
[ -n "$a" ] && [ "$a" = "$b" ] && pass "killed+resumed and uninterrupted sessions score the same ($a)" || fail "scores differ" "'$a' vs '$b'"
"$BIN" practice missing_materials --resume "$sid" --db "$DB" --replies "$T/rest.txt" > "$T/o" 2>&1
expect_rc "resuming a finished session is an error" 1 $?
grep -q "session $sid has ended: a finished session cannot be resumed" "$T/o" && ! grep -q '^recorded' "$T/o" \
    && pass "it says the session has ended and records nothing" || fail "ended session" "$(cat "$T/o")"

# ---- A locked database: wait busy_ms, then a clear error ----
python3 - "$DB" > "$T/lock.out" 2>&1 <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO settings(key, value) VALUES('lock-test', 'x')")
print("locked", flush=True)
time.sleep(20)
PY
LOCKPID=$!
i=0
while ! grep -q locked "$T/lock.out" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
before=$(sum "$DB")
t0=$(date +%s)
COUNTERPART_DB_BUSY_MS=300 "$BIN" trainee add 王五 2003 --db "$DB" > /dev/null 2> "$T/e"; rc=$?
t1=$(date +%s)
expect_rc "a write to a locked database exits 1" 1 $rc
grep -q "^counterpart: $DB: .*locked by another program (waited 300 ms)" "$T/e" && pass "the lock error names the file and the wait" \
    || fail "lock message" "$(cat "$T/e")"
[ $((t1 - t0)) -lt 10 ] && pass "it gives up after the busy timeout, not the other program's 20 s" || fail "lock wait" "$((t1 - t0)) s"
"$BIN" trainee list --db "$DB" > "$T/o" 2>&1; expect_rc "reading still works while another program writes (WAL)" 0 $?
kill "$LOCKPID" 2>/dev/null; wait "$LOCKPID" 2>/dev/null; LOCKPID=""
"$BIN" trainee add 王五 2003 --db "$DB" > /dev/null 2>&1; expect_rc "the write succeeds once the lock is gone" 0 $?

# ---- Files that are not ours: clear errors, never overwritten ----
check_refused() { # name file pattern
    before=$(sum "$2")
    "$BIN" trainee add 某人 3001 --db "$2" > /dev/null 2> "$T/e"; rc=$?
    "$BIN" trainee list --db "$2" > /dev/null 2>> "$T/e"; rc2=$?
    after=$(sum "$2")
    if [ $rc -eq 1 ] && [ $rc2 -eq 1 ] && grep -q "^counterpart: $2: .*$3" "$T/e"; then pass "$1: clear error naming the file"
    else fail "$1" "rc=$rc/$rc2 $(head -c 300 "$T/e")"; fi
    [ "$before" = "$after" ] && pass "$1: the file is left byte-for-byte untouched" || fail "$1 untouched" "checksum changed"
}
head -c 8192 /dev/urandom > "$T/random.db"
check_refused "random bytes" "$T/random.db" "not an SQLite file"
printf 'SQLite format 3\000' > "$T/short.db"; head -c 500 /dev/urandom >> "$T/short.db"
check_refused "an SQLite header over garbage" "$T/short.db" "damaged"
size=$(wc -c < "$T/clean.db")
head -c $((size / 2)) "$T/clean.db" > "$T/trunc.db"
check_refused "a truncated database" "$T/trunc.db" "damaged"
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("create table notes(x)"); c.execute("insert into notes values (1)")
c.execute("pragma application_id=305419896"); c.commit()' "$T/foreign.db"
check_refused "another program's SQLite file" "$T/foreign.db" "another program, application_id 0x12345678"
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("create table notes(x)"); c.commit()' "$T/plain.db"
check_refused "an SQLite file without our application_id" "$T/plain.db" "another program"
cp "$T/clean.db" "$T/newer.db"
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("pragma user_version=99"); c.commit(); c.close()' "$T/newer.db"
check_refused "a newer schema version" "$T/newer.db" "newer Counterpart (schema v99"
mkdir "$T/dir.db"
"$BIN" trainee list --db "$T/dir.db" > /dev/null 2> "$T/e"; expect_rc "a folder as --db exits 1" 1 $?

exit $fails
