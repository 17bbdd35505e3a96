#!/bin/sh
# The numbers the record-keeping commands take from the environment (COUNTERPART_DB_BUSY_MS,
# COUNTERPART_DB_WAIT_MS, COUNTERPART_DB_RETRIES, COUNTERPART_DB_RETRY_MS): a value that is not a
# whole number of 0 or more, or is past its bound, stops any command at once (exit 2) with one
# English line naming the variable and the value, before it does any work (no database made,
# nothing recorded); an empty value is the default; good values still work.
# Env: BIN, ROOT.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
unset COUNTERPART_PASSPHRASE COUNTERPART_DB COUNTERPART_DB_BUSY_MS COUNTERPART_DB_WAIT_MS \
    COUNTERPART_DB_RETRIES COUNTERPART_DB_RETRY_MS
export COUNTERPART_KEY="$T/signing.key" HOME="$T" XDG_CONFIG_HOME="$T/config"
R=scenarios/replies/missing_materials/resolved.txt

# bad VAR VALUE UNIT [WANT]: `trainee add` and `practice` with VAR=VALUE fail with exit 2, the
# message (WANT, else "is not a whole number of UNIT (0 or more)"), and no database made.
bad() {
    want=${4:-"is not a whole number of $3 (0 or more)"}
    msg="counterpart: $1: '$2' $want"
    for cmd in "trainee add 张三 2001" "practice missing_materials --trainee 2001 --replies $R"; do
        rm -f "$T/bad.db"
        # shellcheck disable=SC2086
        env "$1=$2" "$BIN" $cmd --db "$T/bad.db" > "$T/o" 2> "$T/e"
        rc=$?
        what="$1='$2' ${cmd%% *}"
        if [ $rc -eq 2 ] && [ "$(cat "$T/e")" = "$msg" ] && [ ! -s "$T/o" ] && [ ! -e "$T/bad.db" ]; then
            pass "$what: exit 2, the variable and value named, nothing done"
        else
            fail "$what" "exit $rc, stderr '$(cat "$T/e")', want '$msg'; stdout '$(head -c 200 "$T/o")'; db $([ -e "$T/bad.db" ] && echo made || echo not made)"
        fi
    done
}
bad COUNTERPART_DB_WAIT_MS abc milliseconds
bad COUNTERPART_DB_WAIT_MS 5x milliseconds
bad COUNTERPART_DB_WAIT_MS -1 milliseconds
bad COUNTERPART_DB_WAIT_MS 99999999999999999999999 milliseconds "is more than 86400000 milliseconds"
bad COUNTERPART_DB_BUSY_MS abc milliseconds
bad COUNTERPART_DB_BUSY_MS "200 " milliseconds
bad COUNTERPART_DB_RETRIES 5x tries
bad COUNTERPART_DB_RETRIES 1001 tries "is more than 1000 tries"
bad COUNTERPART_DB_RETRY_MS abc milliseconds
bad COUNTERPART_DB_RETRY_MS 1e3 milliseconds

# any command is stopped, even one that does not record
COUNTERPART_DB_RETRIES=x "$BIN" list > "$T/o" 2> "$T/e"
rc=$?
[ $rc -eq 2 ] && grep -q "COUNTERPART_DB_RETRIES: 'x' is not a whole number of tries" "$T/e" && [ ! -s "$T/o" ] \
    && pass "list with a bad value: exit 2 before listing" || fail "list" "exit $rc, $(cat "$T/e")"

# good values (and empty ones: the defaults) still work
DB="$T/r.db"
COUNTERPART_DB_BUSY_MS=300 COUNTERPART_DB_WAIT_MS=0 COUNTERPART_DB_RETRIES= COUNTERPART_DB_RETRY_MS= \
    "$BIN" trainee add 张三 2001 --db "$DB" > "$T/o" 2> "$T/e"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$T/e" ] && pass "good and empty values: trainee add works" \
    || fail "good trainee add" "exit $rc, $(cat "$T/e")"
COUNTERPART_DB_BUSY_MS=0 COUNTERPART_DB_WAIT_MS=86400000 COUNTERPART_DB_RETRIES=1000 COUNTERPART_DB_RETRY_MS=0200 \
    "$BIN" practice missing_materials --trainee 2001 --db "$DB" --replies "$R" > "$T/o" 2> "$T/e"
rc=$?
n=$(grep -c '^recorded ' "$T/o")
[ $rc -eq 0 ] && [ "$n" -gt 0 ] && grep -q '^ended ' "$T/o" \
    && pass "good values at their bounds (and a leading zero): practice records its $n replies" \
    || fail "good practice" "exit $rc, $n recorded, $(cat "$T/e")"
# numbers given as options are read as strictly: a typo is named, not taken as 0
opt() {  # opt WANT ARGS...: exit 2 and the line WANT on stderr, nothing on stdout
    want=$1; shift
    "$BIN" "$@" > "$T/o" 2> "$T/e"
    rc=$?
    [ $rc -eq 2 ] && [ "$(cat "$T/e")" = "$want" ] && [ ! -s "$T/o" ] && pass "$* is refused, naming the value" \
        || fail "opt $*" "exit $rc, $(cat "$T/e")"
}
opt "counterpart records: --count must be a whole number from 0 to 1000000, not '5x'" records watch --db "$DB" --count 5x
opt "counterpart records: --timeout must be a whole number from 1 to 86400, not '-3'" records watch --db "$DB" --timeout -3
opt "counterpart train: --folds must be a whole number from 0 to 20, not 'abc'" train --folds abc --out "$T/m"
[ "$fails" -eq 0 ]
