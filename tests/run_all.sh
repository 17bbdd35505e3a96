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
# The tests never read or write the user's data folder: weights `counterpart learn` fitted there
# would change every grade (and signing keys would be made there).
XDG_DATA_HOME="$TMP/data"
export XDG_DATA_HOME
unset COUNTERPART_LEARNED
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
for t in "$O"/tests/test_* "$O"/tests/sdltest_*; do
    [ -x "$t" ] || continue
    t0=$(date +%s)
    "$t" > "$TMP/out" 2> "$TMP/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        cat "$TMP/out" "$TMP/err" | grep -E 'FAILED|ERROR|error|Sanitizer|runtime error' | head -20
        failed="$failed $(basename "$t")"
    fi
    # shellcheck disable=SC2046
    add "$(basename "$t")" $rc $(awk "$CMOCKA_COUNT" "$TMP/out")
done
for t in tests/*/test_*.sh; do
    [ -f "$t" ] || continue
    t0=$(date +%s)
    out=$(sh "$t" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        printf '%s\n' "$out" | grep -v -e '^PASS ' -e '^SKIP ' | head -30
        failed="$failed $t"
    fi
    printf '%s\n' "$out" | grep '^SKIP '
    add "$t" $rc "$(printf '%s\n' "$out" | grep -c '^PASS ')" "$(printf '%s\n' "$out" | grep -c '^FAIL ')" \
        "$(printf '%s\n' "$out" | grep -c '^SKIP ')"
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass $fail $skip" > "$O/test-summary"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
