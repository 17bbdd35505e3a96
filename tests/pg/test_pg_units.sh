#!/bin/sh
# The records' unit tests a second time, on PostgreSQL: each cmocka binary that records
# (test_records, test_exam_resume, test_class_exam, test_export, test_ui_class, test_ui_modes, test_room,
# test_ui_exam_resume, test_ui_feedback) runs with COUNTERPART_TEST_PG naming a fresh database of
# a throwaway server (tests/pg/server.sh); tests/unit/records_backend.h empties it before each
# test. Each result becomes "PASS postgresql: NAME" / "FAIL ..." / "SKIP ...: reason" (a test
# on SQLite's own file, pragmas, locks or raw SQL is skipped there, and counted).
# When no server can be started: "SKIP ...: reason" - a failure under CI.
# Env: ROOT (repo), O (build folder: build or build/san).
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'sh tests/pg/server.sh stop "$T/srv" > /dev/null 2>&1; rm -rf "$T"' EXIT
fails=0
if ! sh tests/pg/server.sh start "$T/srv" > /dev/null 2> "$T/why"; then
    why=$(tr '\n' ' ' < "$T/why")
    if [ -n "${CI:-}" ]; then
        echo "FAIL records unit tests on PostgreSQL: no server could be started on CI: $why"
        exit 1
    fi
    echo "SKIP records unit tests on PostgreSQL: no throwaway server could be started ($why)"
    exit 0
fi
for t in records exam_resume class_exam export ui_class ui_modes ui_exam_resume ui_feedback room; do
    bin="${O:-build}/tests/test_$t"
    if [ ! -x "$bin" ]; then
        echo "FAIL postgresql: test_$t: $bin is not built"
        fails=$((fails + 1))
        continue
    fi
    uri=$(sh tests/pg/server.sh createdb "$T/srv" "unit_$t") || { echo "FAIL postgresql: test_$t: no database"; fails=$((fails + 1)); continue; }
    COUNTERPART_TEST_PG="$uri" "$bin" > "$T/out" 2> "$T/err"
    rc=$?
    # cmocka: a result line follows its RUN line (the summary repeats failures and skips)
    awk -v t="test_$t" '
        /^\[ RUN      \] / { name = substr($0, 14); next }
        name != "" && substr($0, 14) == name {
            if (/^\[       OK \] /) print "PASS postgresql: " t ": " name
            else if (/^\[  FAILED  \] /) print "FAIL postgresql: " t ": " name
            else if (/^\[  SKIPPED \] /) print "SKIP postgresql: " t ": " name ": SQLite only (its file, pragmas, locks or raw SQL)"
            name = ""
        }' "$T/out" > "$T/lines"
    cat "$T/lines"
    if [ $rc -ne 0 ]; then
        grep -E 'ERROR|LINE|error|Sanitizer' "$T/out" "$T/err" | head -10
        grep -q '^FAIL' "$T/lines" || echo "FAIL postgresql: test_$t: exit $rc"
        fails=$((fails + 1))
    fi
done
[ "$fails" -eq 0 ]
