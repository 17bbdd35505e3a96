#!/bin/sh
# A seat's row-level security costs the same in a small centre and a large one. On a throwaway
# PostgreSQL server (tests/pg/server.sh): a centre with a seat whose trainee has practised once,
# and 300 other trainees' sessions beside it (~2,000 replies, ~13,000 results); each statement a
# seat's practice makes (reading its session, replies, results and overrides; adding a session,
# a reply, a result; moving its session on) runs as the seat under EXPLAIN ANALYZE
# (tests/pg/rls_cost.py) and must touch at most $BOUND rows, policies included. The check is
# shown to see the cost: a centre migrated from schema v6 with the v6 policy on turn_results
# (`turn_id IN (SELECT id FROM turns)`) is measured first and is over the bound; opening it with
# this program migrates it to v7, which rewrites the policies, and then every statement is within.
# Also: the seat still cannot read or write another trainee's rows.
# SKIP when no server can be started (a failure under CI).
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
SRV="$T/srv"
cleanup() {
    sh tests/pg/server.sh stop "$SRV" > /dev/null 2>&1
    [ -n "${KEEP:-}" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
unset COUNTERPART_DB PGPASSFILE PGSERVICEFILE PGSERVICE
export XDG_CONFIG_HOME="$T/config" HOME="$T"
BOUND=60
if ! BASE=$(sh tests/pg/server.sh start "$SRV" 2> "$T/why"); then
    why=$(tr '\n' ' ' < "$T/why")
    if [ -n "${CI:-}" ]; then fail "PostgreSQL server" "could not start one on CI: $why"; exit 1; fi
    echo "SKIP seat policies at scale: no throwaway server could be started ($why)"
    exit 0
fi
C=$(sh tests/pg/server.sh createdb "$SRV" centre)
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$C" -c "$1"; }

"$BIN" centre init "$C" > /dev/null 2> "$T/e" || { fail "centre init" "$(cat "$T/e")"; exit 1; }
"$BIN" trainee add 张三 2001 一班 --db "$C" > /dev/null && "$BIN" trainee add 李四 2002 一班 --db "$C" > /dev/null \
    && "$BIN" centre grant "$C" seat2001 seat --trainee 2001 > /dev/null \
    && "$BIN" practice missing_materials --trainee 2001 --db "$C" \
        --replies scenarios/replies/missing_materials/resolved.txt > /dev/null 2> "$T/e" \
    || { fail "a centre with a seat and its practice" "$(cat "$T/e")"; exit 1; }
S=$(q "select min(id) from sessions")
TID=$(q "select id from trainees where staff_no = '2001'")
TURN=$(q "select min(id) from turns where session_id = $S")
# 300 other trainees, each with a copy of that session, its replies and their results
COLS=$(q "select string_agg(column_name, ',' order by ordinal_position) from information_schema.columns
          where table_name = 'turns' and column_name not in ('id', 'session_id')")
TCOLS=$(printf '%s' "$COLS" | sed 's/\([a-z_0-9][a-z_0-9]*\)/t.\1/g')
q "insert into trainees(name, staff_no, grp) select '学员' || g, (5000 + g)::text, '二班' from generate_series(1, 300) g;
   insert into sessions(trainee_id, scenario, scenario_hash, mode, state_json, turns_done, ended, outcome, rating)
     select t.id, s.scenario, s.scenario_hash, s.mode, s.state_json, s.turns_done, s.ended, s.outcome, s.rating
     from trainees t, sessions s where t.staff_no >= '5001' and s.id = $S;
   insert into turns(session_id, $COLS) select n.id, $TCOLS from sessions n, turns t
     where n.id <> $S and t.session_id = $S;
   insert into turn_results(turn_id, criterion, focus, met, score, max)
     select nt.id, r.criterion, r.focus, r.met, r.score, r.max from turns nt
     join turns ot on ot.session_id = $S and ot.seq = nt.seq and ot.attempt = nt.attempt
     join turn_results r on r.turn_id = ot.id where nt.session_id <> $S;
   analyze;" > /dev/null 2> "$T/e" || { fail "filling the centre" "$(cat "$T/e")"; exit 1; }
n=$(q "select count(*) from turns"); nr=$(q "select count(*) from turn_results")
[ "$n" -gt 1500 ] && [ "$nr" -gt 8000 ] && pass "a centre of 302 trainees, $n replies, $nr results" || fail "centre size" "$n turns, $nr results"

# the statements of a seat's practice (one line each: name TAB statement)
{
    printf 'read its session\tSELECT trainee_id, turns_done, state_json FROM sessions WHERE id = %s\n' "$S"
    printf 'list its sessions\tSELECT id FROM sessions WHERE trainee_id = %s ORDER BY id\n' "$TID"
    printf 'read its replies\tSELECT id, seq, reply FROM turns WHERE session_id = %s ORDER BY seq, attempt\n' "$S"
    printf 'read a reply'"'"'s results\tSELECT criterion, met FROM turn_results WHERE turn_id = %s\n' "$TURN"
    printf 'read a reply'"'"'s overrides\tSELECT criterion, met FROM overrides WHERE turn_id = %s\n' "$TURN"
    printf 'add a session\tINSERT INTO sessions(trainee_id, scenario, scenario_hash, mode, state_json) VALUES (%s, '"'x', 'y', 'practice', '{}'"') RETURNING id\n' "$TID"
    printf 'add a reply\tINSERT INTO turns(session_id, %s) SELECT session_id, %s FROM turns t WHERE id = %s RETURNING id\n' \
        "$COLS" "$(printf '%s' "$TCOLS" | sed 's/t\.seq/99/')" "$TURN"
    printf 'add a result\tINSERT INTO turn_results(turn_id, criterion, focus, met, score, max) VALUES (%s, '"'rls.probe'"', 1, 1, 1, 1)\n' "$TURN"
    printf 'move its session on\tUPDATE sessions SET turns_done = turns_done WHERE id = %s\n' "$S"
} > "$T/stmts"

# within BOUND: every statement; prints the over-bound ones (name rows) on stdout
measure() { python3 tests/pg/rls_cost.py "$C" seat2001 "$T/stmts" > "$T/cost.$1" 2>&1; }
over() { awk -F '\t' -v b=$BOUND '$2 ~ /^ERROR/ || $2 + 0 > b { print $1 ": " $2 }' "$T/cost.$1"; }

# a centre of schema v6: its policy on results read every reply of the centre per statement
q "update settings set value = '6' where key = 'schema_version';
   drop policy seat on turn_results;
   create policy seat on turn_results to counterpart_seat
     using (turn_id in (select id from turns)) with check (turn_id in (select id from turns));" > /dev/null
measure v6
o=$(over v6)
case "$o" in
*"add a result: "[0-9]*) pass "the measure sees a v6 policy's cost ($(echo "$o" | tr '\n' ';'))" ;;
*) fail "v6 cost" "$(cat "$T/cost.v6")" ;;
esac
"$BIN" trainee list --db "$C" > /dev/null 2> "$T/e" || fail "opening the v6 centre" "$(cat "$T/e")"
[ "$(q "select value from settings where key = 'schema_version'")" = 7 ] && pass "opening it migrates the centre to v7" \
    || fail "migrated" "$(q "select value from settings where key = 'schema_version'")"
measure v7
o=$(over v7)
[ -z "$o" ] && pass "every statement of a seat touches at most $BOUND rows in a centre of $n replies ($(cut -f2 "$T/cost.v7" | tr '\n' ' '))" \
    || fail "seat cost" "$(echo "$o" | tr '\n' ';')"

# the policies still keep a seat to its own trainee
as_seat() { printf 'BEGIN; SET LOCAL ROLE seat2001; %s; COMMIT;\n' "$1" | psql -X -q -A -t -v ON_ERROR_STOP=1 "$C" 2>&1; }
[ "$(as_seat "select count(*) from sessions")" = 1 ] && [ "$(as_seat "select count(*) from turns")" = "$(q "select count(*) from turns where session_id = $S")" ] \
    && [ "$(as_seat "select count(*) from turn_results")" = "$(q "select count(*) from turn_results r join turns t on t.id = r.turn_id where t.session_id = $S")" ] \
    && pass "the seat reads its own session, replies and results only" || fail "seat reads" "$(as_seat "select count(*) from turns")"
OT=$(q "select min(id) from turns where session_id <> $S")
as_seat "insert into turn_results(turn_id, criterion, focus, met, score, max) values ($OT, 'x', 1, 1, 1, 1)" | grep -q "row-level security" \
    && pass "... and cannot add a result to another trainee's reply" || fail "other result" "$(as_seat "select 1")"
as_seat "insert into sessions(trainee_id, scenario, scenario_hash, mode, state_json) values ((select id from trainees where staff_no = '2002'), 'x', 'y', 'practice', '{}')" \
    | grep -q "row-level security" && pass "... or a session for another trainee" || fail "other session" "-"
exit $((fails > 0))
