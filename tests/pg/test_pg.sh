#!/bin/sh
# The records on both backends: the same flow of commands - roster, passphrase, practice with a
# retried turn, a real kill -9 mid-session and --resume, a classroom rotation, an override, an
# exam killed mid-run and resumed, history, progress, exam results, records check - runs once on
# an SQLite file and once on a database of a throwaway PostgreSQL server (tests/pg/server.sh),
# with the same assertions on each; then their JSON score sheets, histories and exam results are
# compared (equal once ids and timestamps are set aside). PostgreSQL alone: immutability enforced
# by the server, clear errors for a wrong URI, a refused connection and a database of another
# program, COUNTERPART_DB and the config file's db line naming a URI, concurrent openers of a new
# database, the turn key (a retried commit records nothing twice), and a server restart
# mid-session (the seat says 正在重新连接 and goes on, no reply lost or doubled).
# When no server can be started this prints "SKIP ...: reason" (counted) - except under CI
# (CI set), where that is a failure.
# Env: BIN (counterpart binary), ROOT (repo). Uses python3's sqlite3 module and psql.
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
unset COUNTERPART_DB COUNTERPART_PASSPHRASE COUNTERPART_NEW_PASSPHRASE COUNTERPART_DB_RETRIES \
    COUNTERPART_DB_RETRY_MS COUNTERPART_DB_BUSY_MS COUNTERPART_DB_WAIT_MS PGPASSFILE PGSERVICEFILE PGSERVICE
export XDG_CONFIG_HOME="$T/config" COUNTERPART_KEY="$T/signing.key" HOME="$T"
PSQL() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

if ! BASE=$(sh tests/pg/server.sh start "$SRV" 2> "$T/why"); then
    why=$(tr '\n' ' ' < "$T/why")
    if [ -n "${CI:-}" ]; then
        fail "PostgreSQL server" "could not start one on CI: $why"
        exit 1
    fi
    echo "SKIP records on PostgreSQL: no throwaway server could be started ($why)"
    exit 0
fi
pass "a throwaway PostgreSQL server runs (Unix socket only)"

# sql DB QUERY: rows as a|b|c, from an SQLite file or a PostgreSQL URI
sql() {
    case "$1" in
    postgres*) psql -X -q -A -t -F '|' "$1" -c "$2" ;;
    *) python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]): print("|".join(str(x) for x in r))' "$1" "$2" ;;
    esac
}

MM=scenarios/replies/missing_materials/resolved.txt
CB=scenarios/replies/card_balance/resolved.txt
PASSF="$T/pass"; printf 'correct horse 社保\n' > "$PASSF"
cat > "$T/two.lua" <<'LUA'
return exam {
  id = "two_part", title = "两部分考核", scenarios = { "missing_materials", "card_balance" },
  time_limit = 60, pass_mark = 50, feedback = false,
}
LUA

# flow NAME DB OUTDIR: the same commands and checks on one backend
flow() {
    n=$1; DB=$2; D=$3
    mkdir -p "$D"
    "$BIN" trainee add 张三 2001 一班 --db "$DB" > /dev/null && "$BIN" trainee add 李四 2002 一班 --db "$DB" > /dev/null \
        && "$BIN" trainee add 王五 2003 一班 --db "$DB" > /dev/null
    expect_rc "$n: three trainees added" 0 $?
    "$BIN" trainee add 重复 2001 --db "$DB" > /dev/null 2> "$D/e"
    expect_rc "$n: a 工号 already on the roster is refused" 1 $?
    grep -q "工号 2001 is already on the roster" "$D/e" && pass "$n: ... saying so" || fail "$n: dup msg" "$(cat "$D/e")"
    "$BIN" passphrase set --db "$DB" --new-file "$PASSF" > /dev/null; expect_rc "$n: passphrase set" 0 $?

    # practice with a retried turn
    { sed -n 1,2p "$MM"; echo /retry; sed -n '2,$p' "$MM"; } > "$D/retry.txt"
    "$BIN" practice missing_materials --trainee 2001 --db "$DB" --replies "$D/retry.txt" > "$D/p1" 2> "$D/p1e"
    expect_rc "$n: practice with a /retry" 0 $?
    [ "$(grep -c '^recorded ' "$D/p1")" = 8 ] && pass "$n: 8 replies recorded (one retried)" || fail "$n: practice" "$(cat "$D/p1" "$D/p1e" | tail -5)"

    # a real kill -9 mid-session, then --resume
    rm -f "$D/fifo"; mkfifo "$D/fifo"
    "$BIN" practice missing_materials --trainee 2002 --db "$DB" --replies "$D/fifo" > "$D/k" 2> "$D/ke" &
    pid=$!; PIDS="$PIDS $pid"
    exec 3> "$D/fifo"
    sed -n 1,3p "$MM" >&3
    i=0
    while [ "$(grep -c '^recorded ' "$D/k")" -lt 3 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
    kill -9 $pid; wait $pid 2>/dev/null
    exec 3>&-
    sid=$(sed -n 's/^session \([0-9]*\) .*/\1/p' "$D/k" | head -1)
    [ "$(sql "$DB" "select count(*) from turns where session_id=$sid")" = 3 ] \
        && pass "$n: after kill -9 the three confirmed replies are recorded" || fail "$n: kill" "$(cat "$D/k" "$D/ke")"
    sed -n '4,$p' "$MM" > "$D/rest.txt"
    "$BIN" practice missing_materials --resume "$sid" --db "$DB" --replies "$D/rest.txt" > "$D/r" 2> "$D/re"
    expect_rc "$n: the killed session resumes" 0 $?
    got=$(sql "$DB" "select count(*), count(distinct seq), min(seq), max(seq) from turns where session_id=$sid")
    [ "$got" = "7|7|1|7" ] && pass "$n: every reply of the resumed session is there exactly once" || fail "$n: resumed" "$got"

    # classroom rotation
    "$BIN" practice card_balance --trainee 2003 --mode classroom --keyboard 2001,2002,2003 --db "$DB" \
        --replies "$CB" > "$D/c" 2> "$D/ce"
    expect_rc "$n: a classroom session with a keyboard rotation" 0 $?
    got=$(sql "$DB" "select group_concat(k, ',') from (select t.keyboard_id k from turns t join sessions s on s.id = t.session_id where s.mode = 'classroom' order by t.seq) x" 2>/dev/null)
    [ -z "$got" ] && got=$(sql "$DB" "select string_agg(k::text, ',') from (select t.keyboard_id k from turns t join sessions s on s.id = t.session_id where s.mode = 'classroom' order by t.seq) x")
    [ "$got" = "1,2,3,1,2,3" ] && pass "$n: each turn records who was at the keyboard" || fail "$n: keyboard" "$got"

    # an override beside the automatic result
    crit=$(sql "$DB" "select r.criterion from turn_results r join turns t on t.id = r.turn_id where t.session_id = 1 and t.seq = 2 and t.attempt = 2 order by r.criterion limit 1")
    COUNTERPART_PASSPHRASE='wrong one' "$BIN" override 1 2 "$crit" --met no --why 过度承诺 --by 王老师 --db "$DB" > /dev/null 2> "$D/oe"
    expect_rc "$n: an override with a wrong passphrase is refused" 1 $?
    "$BIN" override 1 2 "$crit" --met no --why 过度承诺 --by 王老师 --db "$DB" --passphrase-file "$PASSF" > "$D/o" 2>&1
    expect_rc "$n: an override with the passphrase" 0 $?
    [ "$(sql "$DB" "select by || ':' || why || ':' || met from overrides")" = "王老师:过度承诺:0" ] \
        && pass "$n: the override keeps who and why" || fail "$n: override row" "$(sql "$DB" "select * from overrides")"

    # an exam killed after two replies, resumed by another assessor
    rm -f "$D/fifo"; mkfifo "$D/fifo"
    "$BIN" exam start "$T/two.lua" --trainee 2003 --db "$DB" --passphrase-file "$PASSF" \
        --replies "$D/fifo" --elapsed 11,12,13 > "$D/x" 2> "$D/xe" &
    pid=$!; PIDS="$PIDS $pid"
    exec 3> "$D/fifo"
    sed -n 1,2p "$MM" >&3
    i=0
    while [ "$(grep -c '^recorded ' "$D/x")" -lt 2 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
    kill -9 $pid; wait $pid 2>/dev/null
    exec 3>&-
    run=$(sed -n 's/^exam run \([0-9]*\): .*/\1/p' "$D/x")
    { sed -n '3,$p' "$MM"; cat "$CB"; } > "$D/xrest.txt"
    "$BIN" exam resume "$run" --db "$DB" --passphrase-file "$PASSF" --replies "$D/xrest.txt" --by 考官乙 \
        --elapsed 5,6 > "$D/xr" 2> "$D/xre"
    expect_rc "$n: the killed exam run resumes and finishes" 0 $?
    [ "$(sql "$DB" "select count(*) || ':' || min(by) || ':' || min(part) from exam_resumes where run_id = $run")" = "1:考官乙:0" ] \
        && pass "$n: the resume is audited (who, at which part)" || fail "$n: resume audit" "$(sql "$DB" "select * from exam_resumes")"
    got=$(sql "$DB" "select count(*) from turns t join sessions s on s.id = t.session_id where s.exam_run_id = $run")
    [ "$got" = 13 ] && pass "$n: all 13 exam replies recorded once" || fail "$n: exam replies" "$got"
    "$BIN" exam result "$run" --db "$DB" --passphrase-file "$PASSF" > "$D/result.txt" 2>&1
    expect_rc "$n: exam result" 0 $?

    # results are immutable, overrides and exam runs kept
    sql "$DB" "update turns set reply = 'x'" > /dev/null 2>&1 && fail "$n: immutable" "a reply was changed" \
        || pass "$n: a recorded reply cannot be changed"
    sql "$DB" "delete from overrides" > /dev/null 2>&1 && fail "$n: kept" "an override was deleted" \
        || pass "$n: an override cannot be deleted"
    sql "$DB" "update exam_runs set passed = 1 - passed" > /dev/null 2>&1 && fail "$n: final" "a finished run changed" \
        || pass "$n: a finished exam run cannot be changed"

    "$BIN" history 2001 --db "$DB" --passphrase-file "$PASSF" > "$D/history.txt" 2>&1; expect_rc "$n: history" 0 $?
    "$BIN" progress 2002 --db "$DB" --passphrase-file "$PASSF" > "$D/progress.txt" 2>&1; expect_rc "$n: progress" 0 $?
    "$BIN" exam list --db "$DB" --passphrase-file "$PASSF" > "$D/examlist.txt" 2>&1; expect_rc "$n: exam list" 0 $?
    "$BIN" export --group 一班 --format json -o "$D/group.json" --db "$DB" --passphrase-file "$PASSF" > /dev/null 2> "$D/ee"
    expect_rc "$n: export of the group as JSON" 0 $?
    "$BIN" records check --db "$DB" > "$D/check.txt" 2>&1; expect_rc "$n: records check" 0 $?
}

SQ="$T/sqlite.db"
PG=$(sh tests/pg/server.sh createdb "$SRV" flow)
flow sqlite "$SQ" "$T/sq"
flow postgresql "$PG" "$T/pg"

# ---- The same records, the same sheets ----
# normalise FILE: ids, timestamps, signatures and the database's name set aside
norm() {
    python3 - "$1" <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
ts = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?Z?")
def walk(v):
    if isinstance(v, dict):
        return {k: walk(x) for k, x in v.items()
                if k not in ("signature", "signed", "key_id", "public_key", "database", "generated", "sig")}
    if isinstance(v, list):
        return [walk(x) for x in v]
    if isinstance(v, str):
        return ts.sub("<time>", v)
    return v
try:
    print(json.dumps(walk(json.loads(text)), ensure_ascii=False, indent=1, sort_keys=True))
except ValueError:
    t = ts.sub("<time>", text)
    t = re.sub(r"\d\d:\d\d(:\d\d)?", "<time>", t)
    t = re.sub(r"(/[^ ]*sqlite\.db|postgresql://[^ ]*)", "<db>", t)
    print(t)
PY
}
for f in group.json history.txt progress.txt result.txt examlist.txt; do
    norm "$T/sq/$f" > "$T/a"; norm "$T/pg/$f" > "$T/b"
    if [ -s "$T/a" ] && cmp -s "$T/a" "$T/b"; then
        pass "$f is the same from SQLite and PostgreSQL (ids and times aside)"
    else
        fail "$f differs between the backends" "$(diff "$T/a" "$T/b" | head -8 | tr '\n' ' ')"
    fi
done

# ---- Moving a machine's file to the centre: records copy ----
COPY=$(sh tests/pg/server.sh createdb "$SRV" copied)
"$BIN" records copy --from "$SQ" --to "$COPY" > "$T/copy1" 2>&1
expect_rc "records copy of the SQLite file into PostgreSQL" 0 $?
grep -q "verified: every source row has its own row in the target" "$T/copy1" && pass "... verified" || fail "copy" "$(cat "$T/copy1")"
counts() { for tb in trainees sessions turns turn_results overrides exams exam_weights exam_runs exam_resumes model_changes; do
    printf '%s=%s ' "$tb" "$(sql "$1" "select count(*) from $tb")"; done; }
a=$(counts "$SQ"); b=$(counts "$COPY")
[ "$a" = "$b" ] && pass "every table has as many rows as the file's ($a)" || fail "copy counts" "$a vs $b"
"$BIN" records copy --from "$SQ" --to "$COPY" > "$T/copy2" 2>&1
expect_rc "records copy again" 0 $?
[ "$(counts "$COPY")" = "$a" ] && grep -q "无新记录" "$T/copy2" && ! grep -Eq ' [1-9][0-9]* copied' "$T/copy2" \
    && pass "... copies nothing twice" || fail "copy again" "$(counts "$COPY") $(cat "$T/copy2")"
"$BIN" practice card_balance --trainee 2001 --db "$SQ" --replies "$CB" > /dev/null 2>&1
"$BIN" records copy --from "$SQ" --to "$COPY" > "$T/copy3" 2>&1
grep -Eq '^  sessions +[0-9]+ in the source +1 copied' "$T/copy3" && grep -Eq '^  turns +[0-9]+ in the source +6 copied' "$T/copy3" \
    && [ "$(counts "$COPY")" = "$(counts "$SQ")" ] \
    && pass "after more practice on the machine, a copy brings just the new session and its 6 replies" || fail "copy new" "$(cat "$T/copy3")"
"$BIN" export --group 一班 --format json -o "$T/sq_after.json" --db "$SQ" --passphrase-file "$PASSF" > /dev/null 2>&1
"$BIN" export --group 一班 --format json -o "$T/copy_after.json" --db "$COPY" --passphrase-file "$PASSF" > /dev/null 2>&1
norm "$T/sq_after.json" > "$T/a"; norm "$T/copy_after.json" > "$T/b"
[ -s "$T/a" ] && cmp -s "$T/a" "$T/b" && pass "the copy's score sheet equals the file's" || fail "copy sheet" "$(diff "$T/a" "$T/b" | head -6 | tr '\n' ' ')"
sql "$SQ" "select started from sessions order by id" > "$T/a"; sql "$COPY" "select started from sessions order by id" > "$T/b"
cmp -s "$T/a" "$T/b" && pass "the copy keeps the times as recorded" || fail "copy times" "$(diff "$T/a" "$T/b" | head -3)"
# the compact JSON (docs/records.md) moves as stored: byte-equal, and the copy reads it
sql "$SQ" "select criteria_json, state_json from turns order by id" > "$T/a"
sql "$COPY" "select criteria_json, state_json from turns order by id" > "$T/b"
sql "$SQ" "select state_json from sessions order by id" >> "$T/a"
sql "$COPY" "select state_json from sessions order by id" >> "$T/b"
z=$(sql "$COPY" "select count(*) from turns where criteria_json like 'z1:%' and state_json like 'z1:%'")
[ "$z" -gt 0 ] && cmp -s "$T/a" "$T/b" && pass "the compact rows are copied byte for byte ($z turns)" \
    || fail "compact copy" "$z packed; $(diff "$T/a" "$T/b" | head -3 | cut -c1-200)"
"$BIN" records copy --from "$SQ" --to "$SQ" > /dev/null 2> "$T/e"
expect_rc "copying a database onto itself is refused" 1 $?
"$BIN" records copy --from "$T/nothere.db" --to "$COPY" > /dev/null 2> "$T/e"
grep -q "no records database here" "$T/e" && [ ! -e "$T/nothere.db" ] && pass "a missing source is named, and not created" || fail "copy missing" "$(cat "$T/e")"

# ---- PostgreSQL: clear errors, and nothing made where it should not be ----
SOCK="$SRV/sock"
"$BIN" trainee list --db "postgresql:///flow?host=$SOCK&user=counterpart&frob=1" > /dev/null 2> "$T/e"
expect_rc "a URI libpq cannot read exits 1" 1 $?
grep -q 'not a valid PostgreSQL URI: invalid URI query parameter: "frob"' "$T/e" && pass "... naming the problem" || fail "bad URI msg" "$(cat "$T/e")"
COUNTERPART_DB_WAIT_MS=600 "$BIN" trainee list --db "postgresql:///flow?host=$T/nosock&user=counterpart" > /dev/null 2> "$T/e"
expect_rc "no server at the address exits 1 (after COUNTERPART_DB_WAIT_MS)" 1 $?
grep -q "正在重新连接" "$T/e" && grep -q "cannot connect to the records server: .*nosock.*(waited [0-9]* s for the server to come back)" "$T/e" \
    && pass "... having waited, saying it cannot connect, and where" || fail "refused msg" "$(cat "$T/e")"
"$BIN" trainee list --db "postgresql://someone:secret99@/nodb?host=$SOCK&user=counterpart" > /dev/null 2> "$T/e"
grep -q 'database "nodb" does not exist' "$T/e" && ! grep -q secret99 "$T/e" \
    && pass "a missing database is named, and the URI's password is never shown" || fail "nodb msg" "$(cat "$T/e")"
OTHER=$(sh tests/pg/server.sh createdb "$SRV" other)
PSQL "$OTHER" -c "create table notes(x int); insert into notes values (1)"
"$BIN" trainee add 甲 9001 --db "$OTHER" > /dev/null 2> "$T/e"
expect_rc "a database of another program is refused" 1 $?
grep -q "not a Counterpart records database" "$T/e" && [ "$(sql "$OTHER" "select count(*) from pg_tables where schemaname = 'public'")" = 1 ] \
    && pass "... and left untouched" || fail "foreign db" "$(cat "$T/e")"
EMPTY=$(sh tests/pg/server.sh createdb "$SRV" empty)
"$BIN" history 2001 --db "$EMPTY" > /dev/null 2> "$T/e"
expect_rc "a reading command on an empty database exits 1" 1 $?
grep -q "no records in this database yet" "$T/e" && [ "$(sql "$EMPTY" "select count(*) from pg_tables where schemaname = 'public'")" = 0 ] \
    && pass "... and creates nothing" || fail "empty db" "$(cat "$T/e")"
V=$(sql "$PG" "select value from settings where key = 'schema_version'")
sql "$PG" "update settings set value = '99' where key = 'schema_version'" > /dev/null
"$BIN" trainee list --db "$PG" > /dev/null 2> "$T/e"
grep -q "written by a newer Counterpart (schema v99" "$T/e" && pass "a newer schema is refused" || fail "newer" "$(cat "$T/e")"
sql "$PG" "update settings set value = '$V' where key = 'schema_version'" > /dev/null

"$BIN" trainee list --db "postgres:///flow?host=$SOCK&user=counterpart" > "$T/o" 2>&1
expect_rc "postgres:// is a PostgreSQL URI too" 0 $?
[ "$(wc -l < "$T/o")" = 3 ] && pass "... listing the flow's three trainees" || fail "postgres://" "$(cat "$T/o")"
# the server restarted: the next command connects again
sh tests/pg/server.sh restart "$SRV"
"$BIN" trainee list --db "$PG" > "$T/o" 2>&1
expect_rc "after a server restart the next command connects again" 0 $?

# ---- Where the URI comes from: COUNTERPART_DB, the config file's db line ----
ENVDB=$(sh tests/pg/server.sh createdb "$SRV" envdb)
COUNTERPART_DB="$ENVDB" "$BIN" trainee add 乙 9002 > /dev/null 2>&1
[ "$(sql "$ENVDB" "select staff_no from trainees")" = 9002 ] && pass "COUNTERPART_DB names a PostgreSQL URI" || fail "env" "no row"
CONFDB=$(sh tests/pg/server.sh createdb "$SRV" confdb)
mkdir -p "$XDG_CONFIG_HOME/counterpart"
printf '# the centre server\ndb = %s   # every seat\n' "$CONFDB" > "$XDG_CONFIG_HOME/counterpart/config"
"$BIN" trainee add 丙 9003 > /dev/null 2>&1
[ "$(sql "$CONFDB" "select staff_no from trainees")" = 9003 ] && pass "the config file's db line names the database" || fail "config" "no row"
COUNTERPART_DB="$ENVDB" "$BIN" trainee add 丁 9004 > /dev/null 2>&1
[ "$(sql "$ENVDB" "select count(*) from trainees")" = 2 ] && pass "COUNTERPART_DB wins over the config file" || fail "env over config" "$(sql "$ENVDB" "select * from trainees")"
rm -f "$XDG_CONFIG_HOME/counterpart/config"

# ---- Many seats opening a new database at once: one creates the schema, the others wait ----
MANY=$(sh tests/pg/server.sh createdb "$SRV" many)
VERSION=$(sed -n 's/^#define CP_RECORDS_VERSION \([0-9]*\).*/\1/p' include/cp_records.h)
pids=""
for k in 1 2 3 4 5 6 7 8; do
    "$BIN" trainee add "学员$k" "70$k" --db "$MANY" > "$T/m$k" 2>&1 &
    pids="$pids $!"
done
ok=0
for p in $pids; do wait "$p" && ok=$((ok + 1)); done
[ "$ok" = 8 ] && [ "$(sql "$MANY" "select count(*) from trainees")" = 8 ] \
    && [ "$(sql "$MANY" "select value from settings where key = 'schema_version'")" = "$VERSION" ] \
    && pass "8 programs opening a new database at once all succeed on one schema (v$VERSION)" || fail "many" "$ok ok: $(cat "$T"/m*)"

# ---- A centre: three roles, enforced by the server ----
"$BIN" centre init "$SQ" > /dev/null 2> "$T/e"
expect_rc "centre init on a file is refused" 1 $?
grep -q "needs a PostgreSQL URI" "$T/e" && pass "... saying a centre needs a server" || fail "centre file" "$(cat "$T/e")"
CENTRE=$(sh tests/pg/server.sh createdb "$SRV" centre)
"$BIN" centre init "$CENTRE" > "$T/o" 2>&1; expect_rc "centre init creates the schema and roles" 0 $?
"$BIN" centre init "$CENTRE" > /dev/null 2>&1; expect_rc "... and can run again" 0 $?
[ "$(sql "$CENTRE" "select string_agg(rolname, ',' order by rolname) from pg_roles where rolname like 'counterpart\_%'")" = \
    "counterpart_assessor,counterpart_seat,counterpart_trainer" ] && pass "the three roles exist" || fail "roles" "$(cat "$T/o")"
"$BIN" trainee add 张三 2001 一班 --db "$CENTRE" > /dev/null
"$BIN" trainee add 李四 2002 一班 --db "$CENTRE" > /dev/null
"$BIN" passphrase set --db "$CENTRE" --new-file "$PASSF" > /dev/null
printf 'seat pw 1001\n' > "$T/pw_seat"; printf 'trainer pw\n' > "$T/pw_trainer"; printf 'assessor pw\n' > "$T/pw_assessor"
"$BIN" centre grant "$CENTRE" seat1001 seat --trainee 2001 --password-file "$T/pw_seat" > /dev/null \
    && "$BIN" centre grant "$CENTRE" wang trainer --password-file "$T/pw_trainer" > /dev/null \
    && "$BIN" centre grant "$CENTRE" zhou assessor --password-file "$T/pw_assessor" > /dev/null
expect_rc "logins granted: a seat for trainee 2001, a trainer, an assessor" 0 $?
"$BIN" centre grant "$CENTRE" seat9 seat --trainee 9999 > /dev/null 2> "$T/e"
expect_rc "a seat for an unknown trainee is refused" 1 $?
"$BIN" centre grant "$CENTRE" x1 janitor > /dev/null 2> "$T/e"
grep -q "seat, trainer or assessor, not 'janitor'" "$T/e" && pass "an unknown role is named" || fail "role msg" "$(cat "$T/e")"
grep -rq "seat pw 1001" "$SRV/server.log" && fail "password" "in the server log" || pass "no password reaches the server's log"
# the logins' passwords live in a libpq password file, never on a command line
printf '*:*:*:seat1001:seat pw 1001\n*:*:*:wang:trainer pw\n*:*:*:zhou:assessor pw\n' > "$T/pgpass"
chmod 600 "$T/pgpass"
export PGPASSFILE="$T/pgpass"
SEAT="postgresql:///centre?host=$SOCK&user=seat1001"
TRAINER="postgresql:///centre?host=$SOCK&user=wang"
ASSESSOR="postgresql:///centre?host=$SOCK&user=zhou"
"$BIN" practice missing_materials --trainee 2001 --db "$SEAT" --replies "$MM" > "$T/o" 2>&1
expect_rc "the seat records its own trainee's session" 0 $?
[ "$("$BIN" trainee list --db "$SEAT" | cut -f2 | tr '\n' ' ')" = "2001 " ] && pass "the seat sees only its own trainee" \
    || fail "seat list" "$("$BIN" trainee list --db "$SEAT")"
"$BIN" practice missing_materials --trainee 2002 --db "$SEAT" --replies "$MM" > /dev/null 2> "$T/e"
expect_rc "the seat cannot record for another trainee" 1 $?
sql "$SEAT" "insert into sessions(trainee_id, scenario, scenario_hash, mode, state_json) values ((select id from trainees where staff_no = '2002' union select 2 limit 1), 'x', 'y', 'practice', '{}')" > /dev/null 2> "$T/e"
grep -q "row-level security" "$T/e" && pass "... the server refuses its row for another trainee (row-level security)" || fail "rls" "$(cat "$T/e")"
sql "$SEAT" "update turns set reply = 'x'" > /dev/null 2> "$T/e"
grep -q "permission denied for table turns" "$T/e" && pass "the seat cannot change a reply (no grant)" || fail "seat update" "$(cat "$T/e")"
crit=$(sql "$CENTRE" "select r.criterion from turn_results r join turns t on t.id = r.turn_id where t.session_id = 1 and t.seq = 2 order by r.criterion limit 1")
"$BIN" override 1 2 "$crit" --met no --why 示范 --db "$SEAT" --passphrase-file "$PASSF" > /dev/null 2> "$T/e"
expect_rc "the seat cannot override, even with the passphrase" 1 $?
grep -q "permission refused by the records server (permission denied for table overrides)（记录服务器拒绝" "$T/e" \
    && pass "... the server refuses it, said in English and Chinese" || fail "seat override msg" "$(cat "$T/e")"
"$BIN" practice card_balance --trainee 2002 --mode classroom --keyboard 2001,2002 --db "$TRAINER" --replies "$CB" > /dev/null 2>&1
expect_rc "the trainer records a classroom session" 0 $?
"$BIN" override 1 2 "$crit" --met no --why 示范 --by 王老师 --db "$TRAINER" --passphrase-file "$PASSF" > /dev/null 2>&1
expect_rc "the trainer overrides with a comment" 0 $?
"$BIN" exam start "$T/two.lua" --trainee 2001 --db "$TRAINER" --passphrase-file "$PASSF" --replies "$MM" > /dev/null 2> "$T/e"
expect_rc "the trainer cannot start an exam" 1 $?
grep -q "permission denied for table exams" "$T/e" && pass "... refused by the server" || fail "trainer exam" "$(cat "$T/e")"
{ cat "$MM"; cat "$CB"; } > "$T/both.txt"
"$BIN" exam start "$T/two.lua" --trainee 2001 --db "$ASSESSOR" --passphrase-file "$PASSF" --replies "$T/both.txt" > "$T/o" 2>&1
expect_rc "the assessor runs an exam" 0 $?
"$BIN" export --group 一班 --format json -o "$T/seat.json" --db "$SEAT" --passphrase-file "$PASSF" > /dev/null 2>&1
"$BIN" export --group 一班 --format json -o "$T/assessor.json" --db "$ASSESSOR" --passphrase-file "$PASSF" > /dev/null 2>&1
python3 - "$T/seat.json" "$T/assessor.json" <<'PY' && pass "an export from the seat holds its own trainee's records only; the assessor's, the class" || fail "exports by role" "see above"
import json, sys
def who(p):
    d = json.load(open(p, encoding="utf-8"))
    found = set()
    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                if k == "staff_no" and isinstance(x, str):
                    found.add(x)
                walk(x)
        elif isinstance(v, list):
            for x in v: walk(x)
    walk(d)
    return found
s, a = who(sys.argv[1]), who(sys.argv[2])
print("seat:", sorted(s), "assessor:", sorted(a))
sys.exit(0 if "2002" not in s and "2001" in s and {"2001", "2002"} <= a else 1)
PY
printf '*:*:*:seat1001:wrong\n' > "$T/badpass"; chmod 600 "$T/badpass"
PGPASSFILE="$T/badpass" "$BIN" trainee list --db "$SEAT" > /dev/null 2> "$T/e"
grep -q 'password authentication failed for user "seat1001"' "$T/e" && pass "a wrong password is named as such" || fail "bad password" "$(cat "$T/e")"
unset PGPASSFILE

# ---- The window records to the server too (SDL's offscreen driver; SDL's own leaks aside) ----
WIN=$(sh tests/pg/server.sh createdb "$SRV" window)
"$BIN" trainee add 王小明 1001 --db "$WIN" > /dev/null
printf '您放心，我这就帮您看。\n' > "$T/win.txt"
COUNTERPART_SCENARIOS="$ROOT/tests/window" COUNTERPART_RUBRICS="$ROOT/scenarios/rubrics" SDL_VIDEODRIVER=offscreen \
    ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
    "$BIN" play ui_tiny --trainee 1001 --db "$WIN" --script "$T/win.txt" --screenshot "$T/shots" > /dev/null 2> "$T/e"
expect_rc "the window plays with --db postgresql://" 0 $?
[ "$(sql "$WIN" "select seq || ':' || reply from turns")" = "1:您放心，我这就帮您看。" ] && [ -s "$T/shots/004-feedback.png" ] \
    && pass "... and its reply is on the server before the feedback screen" || fail "window" "$(sql "$WIN" "select * from turns") $(cat "$T/e")"

# ---- News of every reply, from the server (LISTEN/NOTIFY) ----
WATCH=$(sh tests/pg/server.sh createdb "$SRV" watch)
"$BIN" trainee add 张三 2001 --db "$WATCH" > /dev/null
"$BIN" records watch --db "$WATCH" --count 7 --timeout 30 > "$T/w" 2>&1 &
wpid=$!; PIDS="$PIDS $wpid"
i=0
while ! grep -q "等待新回复" "$T/w" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
"$BIN" practice missing_materials --trainee 2001 --db "$WATCH" --replies "$MM" > /dev/null 2>&1
wait $wpid; rc=$?
[ "$rc" = 0 ] && [ "$(grep -c '^新回复：会话 1（missing_materials，第 [1-7] 轮）$' "$T/w")" = 7 ] \
    && pass "records watch hears each of the 7 replies as it is committed" || fail "watch" "rc $rc: $(cat "$T/w")"
"$BIN" records watch --db "$SQ" --timeout 1 > /dev/null 2> "$T/e"
grep -q "needs a PostgreSQL server" "$T/e" && pass "records watch on a file says it needs a server" || fail "watch file" "$(cat "$T/e")"

# ---- A server restart mid-session: no reply lost or doubled ----
# restart (fast): the idle connection is cut; the next reply reconnects at once
RS=$(sh tests/pg/server.sh createdb "$SRV" restart)
"$BIN" trainee add 张三 2001 --db "$RS" > /dev/null
rm -f "$T/fifo"; mkfifo "$T/fifo"
COUNTERPART_DB_RETRY_MS=500 COUNTERPART_DB_RETRIES=8 "$BIN" practice missing_materials --trainee 2001 --db "$RS" \
    --replies "$T/fifo" > "$T/rs" 2> "$T/rse" &
pid=$!; PIDS="$PIDS $pid"
exec 3> "$T/fifo"
sed -n 1,2p "$MM" >&3
i=0
while [ "$(grep -c '^recorded ' "$T/rs")" -lt 2 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
sh tests/pg/server.sh restart "$SRV" 3>&-   # the server must not hold the fifo open
sed -n 3,4p "$MM" >&3
i=0
while [ "$(grep -c '^recorded ' "$T/rs")" -lt 4 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
# stopped for a while: the seat says it is reconnecting, waits, and goes on
sh tests/pg/server.sh pause "$SRV" 3>&-
sed -n 5p "$MM" >&3
i=0
while ! grep -q "正在重新连接" "$T/rse" && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
sh tests/pg/server.sh resume "$SRV" 3>&-
sed -n '6,$p' "$MM" >&3
exec 3>&-
wait $pid; rc=$?
expect_rc "the session outlives a server restart and a stop" 0 $rc
grep -q "正在重新连接" "$T/rse" && pass "while the server is away the seat says 正在重新连接" || fail "reconnect msg" "$(cat "$T/rse")"
got=$(sql "$RS" "select count(*), count(distinct seq), max(seq) from turns")
[ "$got" = "7|7|7" ] && pass "every reply is recorded exactly once ($got)" || fail "after restart" "$got $(cat "$T/rse")"
grep -q "^ended resolved" "$T/rs" && pass "the session ends as without the restart" || fail "end" "$(tail -2 "$T/rs")"

[ "$fails" -eq 0 ]
