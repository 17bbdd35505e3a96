#!/bin/sh
# Records for a centre's year, through the CLI: the full page check on demand (`records check`)
# and never on open; reading commands never make a database (a mistyped --db is an error naming
# it); a write interrupted earlier leaves no temporary file after the next one; a roster with bad
# rows imports the good ones and names the bad; resuming a finished session is an error; the
# transcript is stored once (a session keeps a snapshot, its replies are the turns' rows); a
# locked database keeps the reply, retries visibly, and says how to resume when it must stop.
# Env: BIN, ROOT. Needs python3.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
LOCKPID=""
trap '[ -n "$LOCKPID" ] && kill "$LOCKPID" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"; }
unset COUNTERPART_PASSPHRASE COUNTERPART_DB_RETRIES COUNTERPART_DB_RETRY_MS COUNTERPART_DB_BUSY_MS
export COUNTERPART_KEY="$T/signing.key" HOME="$T" COUNTERPART_DB="$T/r.db"
DB="$T/r.db"
R=scenarios/replies/missing_materials/resolved.txt
# unz(text): the JSON of a stored compact text ("z1:" + base64 of raw deflate with the preset
# dictionary engine/records/dict1.h, docs/records.md), plain JSON as it is
sql() { python3 -c '
import base64, re, sqlite3, sys, zlib
d = bytes(int(x, 16) for x in re.findall(r"0x([0-9a-f]{2})", open("engine/records/dict1.h").read()))
def unz(t):
    if t is None or not t.startswith("z1:"): return t
    z = zlib.decompressobj(-15, zdict=d)
    return (z.decompress(base64.b64decode(t[3:])) + z.flush()).decode()
c = sqlite3.connect(sys.argv[1])
c.create_function("unz", 1, unz)
for r in c.execute(sys.argv[2]): print("|".join(str(x) for x in r))
c.commit()' "$DB" "$1"; }

# ---- reading commands never create a database ----
for cmd in "history 1001" "progress 1001" "trainee list" "exam list" "records check" \
           "export --group 一班 --format json -o $T/x.json" "override 1 1 lur.listen --met yes --why x"; do
    # shellcheck disable=SC2086
    "$BIN" $cmd --db "$T/typo/recrods.db" > /dev/null 2> "$T/e"; rc=$?
    if [ $rc -eq 1 ] && grep -q "$T/typo/recrods.db: no records database here" "$T/e" && [ ! -e "$T/typo" ]; then
        pass "$cmd: a mistyped --db is an error naming it, nothing made"
    else
        fail "$cmd on a missing --db" "rc $rc, $(cat "$T/e"), $(ls "$T")"
    fi
done

# ---- a roster with bad rows: the good rows import, the bad ones are named ----
printf '姓名,工号,班组\n王一,1001,一班\n,1002,一班\n李二,1003,"一班\n张三,1004,一班\n赵四,1005,一\377\376班\n钱五,1006,一班\n' > "$T/roster.csv"
"$BIN" trainee import "$T/roster.csv" > "$T/o" 2> "$T/e"; rc=$?
expect_rc "a roster with bad rows exits 1" 1 $rc
grep -q "3 added" "$T/o" && pass "its good rows are imported (3)" || fail "good rows" "$(cat "$T/o" "$T/e")"
grep -q "roster.csv:3: 姓名 is empty" "$T/e" && grep -q "roster.csv:4: a quoted field is never closed" "$T/e" \
    && grep -q "roster.csv:6: neither UTF-8 nor GBK" "$T/e" && pass "each bad row is named with its line" || fail "bad rows" "$(cat "$T/e")"

# ---- records check: on demand; a damaged page is found ----
"$BIN" practice missing_materials --trainee 1001 --replies "$R" > "$T/p1" 2>&1 || fail "practice" "$(cat "$T/p1")"
"$BIN" records check > "$T/o" 2>&1; expect_rc "records check on a sound database exits 0" 0 $?
grep -q "ok" "$T/o" && pass "records check says ok" || fail "check ok" "$(cat "$T/o")"
"$BIN" records check --full > /dev/null 2>&1; expect_rc "records check --full" 0 $?
cp "$DB" "$T/bad.db"
python3 - "$T/bad.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("pragma wal_checkpoint(truncate)")
page = c.execute("pragma page_size").fetchone()[0]
root = c.execute("select rootpage from sqlite_master where name='turns'").fetchone()[0]
c.close()
with open(sys.argv[1], "r+b") as f:
    f.seek((root - 1) * page + 8)
    f.write(b"\xff" * 24)
PY
"$BIN" records check --db "$T/bad.db" > "$T/o" 2>&1; expect_rc "records check finds a damaged page (exit 1)" 1 $?
grep -q "发现\|damaged" "$T/o" && pass "and says what it found" || fail "damage report" "$(cat "$T/o")"

# ---- the transcript is stored once: the session keeps a snapshot, not every reply again ----
sid=$(sed -n 's/^session \([0-9]*\) turn 1$/\1/p' "$T/p1" | head -1)
n=$(sql "select count(*) from sessions where id=$sid and instr(unz(state_json), '\"reply\"') = 0 and instr(unz(state_json), '\"turns_done\"') > 0")
[ "$n" = 1 ] && pass "the session row holds a snapshot, its replies only in the turns" || fail "transcript once" "$(sql "select substr(unz(state_json),1,200) from sessions where id=$sid")"
n=$(sql "select count(*) from turns where session_id=$sid and (criteria_json not like 'z1:%' or state_json not like 'z1:%' or unz(criteria_json) not like '[{\"id\":%' or instr(unz(state_json), '\"turns_done\"') = 0)")
[ "$n" = 0 ] && pass "its scorer output and snapshots are stored compact, and decode with standard zlib" || fail "compact rows" "$n rows not"
first=$(sed -n 1p "$R")
cnt=$(sql "select count(*) from turns where reply = '$first'")
[ "$cnt" = 1 ] && pass "each reply is stored once" || fail "reply rows" "$cnt"
# a session stopped half way resumes from the rows exactly as an uninterrupted one ends
sed -n 1,3p "$R" > "$T/head.txt"; sed -n '4,$p' "$R" > "$T/tail.txt"
for k in 2001 2002 2003; do "$BIN" trainee add 学员$k $k 二班 > /dev/null 2>&1; done
"$BIN" practice missing_materials --trainee 2001 --replies "$T/head.txt" > "$T/h" 2>&1
sid2=$(sed -n 's/^session \([0-9]*\) turn 1$/\1/p' "$T/h" | head -1)
"$BIN" practice missing_materials --resume "$sid2" --replies "$T/tail.txt" > "$T/t" 2>&1; expect_rc "a half-way session resumes" 0 $?
a=$("$BIN" history 1001 | grep '^  session' | sed 's/.*score/score/')
b=$("$BIN" history 2001 | grep '^  session' | sed 's/.*score/score/')
[ -n "$a" ] && [ "$a" = "$b" ] && pass "resumed from the turns, it scores what the uninterrupted one did ($a)" || fail "resume score" "'$a' vs '$b'"

# ---- resuming a finished session is an error ----
"$BIN" practice missing_materials --resume "$sid" --replies "$R" > "$T/o" 2>&1; expect_rc "resuming a finished session exits 1" 1 $?
grep -q "has ended" "$T/o" && pass "it says the session has ended" || fail "ended" "$(cat "$T/o")"

# ---- an interrupted export leaves no temporary file after the next one ----
sh -c 'exit 0' & dead=$!; wait $dead
: > "$T/sheet.json.tmp.$dead"; : > "$T/sheet.json.tmp.$$"
mkdir -p "$T/tmp"; : > "$T/tmp/cp-xlsx-$dead-abc123"
TMPDIR="$T/tmp" "$BIN" export --group 一班 --format json,xlsx -o "$T/sheet" > /dev/null 2> "$T/e" || fail "export" "$(cat "$T/e")"
[ ! -e "$T/sheet.json.tmp.$dead" ] && [ ! -e "$T/tmp/cp-xlsx-$dead-abc123" ] \
    && pass "what an interrupted export left (its writer gone) is removed" || fail "stale tmp" "$(ls "$T" "$T/tmp")"
[ -e "$T/sheet.json.tmp.$$" ] && pass "a running writer's temporary file is left alone" || fail "live tmp" "removed"
[ -z "$(ls "$T/tmp")" ] && pass "the XLSX export leaves nothing in TMPDIR" || fail "tmpdir" "$(ls "$T/tmp")"

# ---- a locked database: the reply waits in memory, retries are shown, then it is saved ----
# Event-driven, not timed: the lock is held until the test releases it, and each step waits
# (up to a minute, for a loaded machine under sanitizers) for what it needs to see.
lock() {
python3 - "$DB" > "$T/lock.out" 2>&1 <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO settings(key, value) VALUES('lock-test', 'x')")
print("locked", flush=True)
time.sleep(3600)
PY
LOCKPID=$!
waitfor locked "$T/lock.out"
}
unlock() { kill "$LOCKPID" 2>/dev/null; wait "$LOCKPID" 2>/dev/null; LOCKPID=""; }
waitfor() { # pattern file: up to 60 s
i=0
while ! grep -q "$1" "$2" 2>/dev/null && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
}
lock
COUNTERPART_DB_BUSY_MS=200 COUNTERPART_DB_RETRY_MS=200 COUNTERPART_DB_RETRIES=300 \
    "$BIN" practice missing_materials --trainee 2002 --replies "$T/head.txt" > "$T/o" 2> "$T/e" &
PP=$!
waitfor "第 1/300 次" "$T/e"
unlock
wait $PP; rc=$?
expect_rc "practice while another program holds the database a moment exits 0" 0 $rc
grep -q "数据库正被另一个程序占用.*后重试（第 1/300 次）" "$T/e" && pass "it says the reply is kept and retried" || fail "retry shown" "$(cat "$T/e")"
[ "$(grep -c '^recorded' "$T/o")" = 3 ] && pass "every reply is on disk in the end" || fail "recorded" "$(cat "$T/o")"
# the lock is taken after the first reply is on disk, and held past the retries
mkfifo "$T/fifo"
COUNTERPART_DB_BUSY_MS=200 COUNTERPART_DB_RETRY_MS=200 COUNTERPART_DB_RETRIES=2 \
    "$BIN" practice missing_materials --trainee 2003 --replies "$T/fifo" > "$T/o" 2> "$T/e" &
PP=$!
exec 3> "$T/fifo"
sed -n 1p "$R" >&3
waitfor '^recorded' "$T/o"
lock
sed -n '2,$p' "$R" >&3
exec 3>&-
wait $PP; rc=$?
unlock
expect_rc "when it must stop it exits 1" 1 $rc
grep -q "第 2 轮回复暂存在内存中" "$T/e" && pass "the unsaved reply was kept while it retried" || fail "kept" "$(cat "$T/e")"
grep -q "第 2 轮回复未能保存.*已保存的是前 1 轮" "$T/e" && \
    grep -q "practice missing_materials --resume [0-9]* --replies 从第 2 行起的回复文件" "$T/e" \
    && pass "it says what is on disk and how to resume" || fail "resume advice" "$(cat "$T/e")"
sid3=$(sed -n 's/^session \([0-9]*\) turn 1$/\1/p' "$T/o" | head -1)
sed -n '2,$p' "$R" > "$T/rest.txt"
"$BIN" practice missing_materials --resume "$sid3" --replies "$T/rest.txt" > "$T/o2" 2>&1; expect_rc "following that advice finishes the session" 0 $?
grep -q '^ended' "$T/o2" && pass "the resumed session reaches its ending" || fail "resumed end" "$(tail -2 "$T/o2")"
[ $fails -eq 0 ]
