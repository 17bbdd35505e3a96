#!/bin/sh
# `make test`: the whole suite twice, plain (build/) and under AddressSanitizer +
# UndefinedBehaviorSanitizer (build/san/), each built with JOBS parallel jobs. Both passes
# always run, whatever the first one gave (a build that fails counts as a failed pass); the run
# fails at the end if either failed. Prints one line per pass, then the closing line
# "N passed, N failed, N skipped" over both.
# Env: MAKE (the make to call, from the Makefile), JOBS (parallel build jobs, default nproc).
set -u
MAKE=${MAKE:-make}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
tp=0; tf=0; ts=0
lines=""
for pass in plain sanitizers; do
    if [ "$pass" = plain ]; then O=build; set --; else O=build/san; set -- SAN=1; fi
    echo "== $pass pass ($O), building with -j$JOBS"
    rm -f "$O/test-summary"
    start=$(date +%s)
    $MAKE --no-print-directory -j"$JOBS" "$@" test-once
    rc=$?
    secs=$(($(date +%s) - start))
    note=""
    if [ -s "$O/test-summary" ]; then
        read -r p f s < "$O/test-summary"
    else
        p=0; f=0; s=0; note=" (the tests did not run: the build failed)"
    fi
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    tp=$((tp + p)); tf=$((tf + f)); ts=$((ts + s))
    lines="$lines$pass pass: $p passed, $f failed, $s skipped in ${secs}s$note
"
done
echo "== both passes"
printf '%s' "$lines"
echo "$tp passed, $tf failed, $ts skipped"
[ "$tf" -eq 0 ]
