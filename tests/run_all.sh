#!/bin/sh
# Runs every test against one build folder (build or build/san) from the repo root: the cmocka
# unit tests (build/.../tests/*), then every shell test tests/*/test_*.sh with BIN (the binary),
# ROOT (the repo) and O (the build folder) in the environment.
# Counting: a unit test's "[       OK ]" / "[  FAILED  ]" / "[  SKIPPED ]" result lines, a shell
# test's "PASS name", "FAIL name: why" and "SKIP name: reason" lines (a SKIP is an optional tool
# that is missing or failed for its own reasons; each is shown). A test that exits non-zero without a
# FAIL line counts as one failure. Ends with "N passed, N failed, N skipped" and writes the
# three numbers to $O/test-summary for `make test`; exits 1 when anything failed. Each file's
# line ends with its wall time in seconds.
set -u
one=""
if [ "${1:-}" = --one ]; then
    one=1; shift   # one file, run by the xargs below: O, ROOT, BIN, TMP and the sanitizer options set
else
O=${1:-build}
ROOT=$(pwd)
BIN="$ROOT/$O/counterpart"
export BIN ROOT O
# Sanitizer builds: leaks inside cairo 1.16 and fontconfig (library internals, see the file) are
# suppressed; our own leaks still fail the run.
LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
rm -f "$O/test-summary"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export TMP
fi
# The tests never read or write the user's data folder: weights `counterpart learn` fitted there
# would change every grade (and signing keys would be made there). Each file gets its own.
unset COUNTERPART_LEARNED
export XDG_DATA_HOME
# Throwaway PostgreSQL servers (tests/pg/server.sh) without fsync: the tests kill processes,
# never the machine, so the page cache keeps every commit (a third of the PG suites' time).
PG_FSYNC=off
export PG_FSYNC
pass=0
fail=0
skip=0
failed=""
# add NAME RC OK BAD SKIPPED: adds one test file's counts (a non-zero exit without a counted
# failure is one failure) and prints its line.
add() {
    n_ok=$3; n_bad=$4; n_skip=$5
    if [ "$2" -ne 0 ] && [ "$n_bad" -eq 0 ]; then n_bad=1; fi
    pass=$((pass + n_ok)); fail=$((fail + n_bad)); skip=$((skip + n_skip))
    extra=""
    [ "$n_skip" -gt 0 ] && extra=", $n_skip skipped"
    secs=""
    [ -n "${t0:-}" ] && secs=" ($(( $(date +%s) - t0 )) s)"
    echo "$1: $n_ok ok, $n_bad failed$extra$secs"
}
# cmocka prints each test's result right after its "[ RUN      ] name" line, and lists failed
# and skipped tests again in its summary: only the results that follow their RUN line count.
CMOCKA_COUNT='
/^\[ RUN      \] / { name = substr($0, 14); next }
name != "" && substr($0, 14) == name {
    if (/^\[       OK \] /) ok++
    else if (/^\[  FAILED  \] /) bad++
    else if (/^\[  SKIPPED \] /) { sk++; print > "/dev/stderr" }
    name = ""
}
END { print ok + 0, bad + 0, sk + 0 }'
# ---- one test file (run_all.sh --one KIND PATH, called by xargs below) ----
# Runs it, then prints its block (what a failure printed, its SKIP lines, its count line) in one
# piece under a lock, and leaves "ok bad skip" in $TMP/r/<name>.n and its seconds in .t.
if [ -n "$one" ]; then
    kind=$1; t=$2
    key=$(printf '%s' "$t" | tr '/' '_')
    XDG_DATA_HOME="$TMP/data/$key"   # each file its own data folder (keys, weights)
    mkdir -p "$XDG_DATA_HOME"
    t0=$(date +%s)
    if [ "$kind" = unit ]; then
        "$t" > "$TMP/r/$key.out" 2> "$TMP/r/$key.err"
        rc=$?
        counts=$(awk "$CMOCKA_COUNT" "$TMP/r/$key.out" 2> "$TMP/r/$key.skips")
        {
            if [ $rc -ne 0 ]; then
                cat "$TMP/r/$key.out" "$TMP/r/$key.err" | grep -E 'FAILED|ERROR|error|Sanitizer|runtime error' | head -20
            fi
            cat "$TMP/r/$key.skips"
            # shellcheck disable=SC2086
            add "$(basename "$t")" $rc $counts
        } > "$TMP/r/$key.block"
    else
        out=$(sh "$t" 2>&1)
        rc=$?
        {
            [ $rc -ne 0 ] && printf '%s\n' "$out" | grep -v -e '^PASS ' -e '^SKIP ' | head -30
            printf '%s\n' "$out" | grep '^SKIP '
            add "$t" $rc "$(printf '%s\n' "$out" | grep -c '^PASS ')" "$(printf '%s\n' "$out" | grep -c '^FAIL ')" \
                "$(printf '%s\n' "$out" | grep -c '^SKIP ')"
        } > "$TMP/r/$key.block"
    fi
    echo "$n_ok $n_bad $n_skip $t" > "$TMP/r/$key.n"
    echo "$(( $(date +%s) - t0 )) $t" > "$TMP/r/$key.t"
    if command -v flock > /dev/null 2>&1; then flock "$TMP/lock" cat "$TMP/r/$key.block"
    else cat "$TMP/r/$key.block"; fi
    exit 0
fi

# ---- every test file, TEST_JOBS at a time (default: the number of CPUs) ----
# Slowest first, by the seconds each file took in the last run of this build folder
# ($O/test-times), else of the plain build's; without either, the shell tests (the slow ones)
# before the unit tests. Each file's line is printed as it finishes.
mkdir -p "$TMP/r" "$TMP/data"
: > "$TMP/lock"
: > "$TMP/list"
for t in "$O"/tests/test_* "$O"/tests/sdltest_*; do
    [ -x "$t" ] && echo "unit $t" >> "$TMP/list"
done
for t in tests/*/test_*.sh; do
    [ -f "$t" ] && echo "sh $t" >> "$TMP/list"
done
times=""
for f in "$O/test-times" build/test-times; do
    [ -s "$f" ] && { times=$f; break; }
done
if [ -n "$times" ]; then
    # "secs path" lines; files the last run did not have go first (unknown: maybe slow)
    awk 'NR == FNR { s[$2] = $1; next } { print (($2 in s) ? s[$2] : 999999), $0 }' "$times" "$TMP/list" \
        | sort -k1,1nr -s | cut -d' ' -f2- > "$TMP/order"
else
    { grep '^sh ' "$TMP/list"; grep '^unit ' "$TMP/list"; } > "$TMP/order"
fi
JOBS=${TEST_JOBS:-$(nproc 2> /dev/null || echo 2)}
xargs -P "$JOBS" -n 2 sh "$0" --one < "$TMP/order"
for nf in "$TMP"/r/*.n; do
    [ -f "$nf" ] || continue
    read -r n_ok n_bad n_skip name < "$nf"
    pass=$((pass + n_ok)); fail=$((fail + n_bad)); skip=$((skip + n_skip))
    [ "$n_bad" -gt 0 ] && failed="$failed $name"
done
cat "$TMP"/r/*.t 2> /dev/null | sort -k1,1nr > "$O/test-times" 2> /dev/null
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass $fail $skip" > "$O/test-summary"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
