#!/bin/sh
# The test runner tells the truth (tests/run_all.sh, tests/run_passes.sh), shown on fake suites:
# PASS / FAIL / SKIP lines and cmocka's OK / FAILED / SKIPPED are counted, SKIP lines are shown,
# a test that exits non-zero without a FAIL line counts as a failure, the closing line reads
# "N passed, N failed, N skipped" and the exit status follows the failures; `make test`'s two
# passes both run when the first fails (tests or build), each gets its line, and the run fails
# at the end.
# Env: ROOT (repo).
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

# ---- run_all.sh on a fake suite ----
mkdir -p "$T/repo/tests/a" "$T/repo/b/tests"
cat > "$T/repo/tests/a/test_one.sh" <<'EOF'
echo "PASS one"; echo "PASS two"; echo "SKIP three: frobnicator is not installed"; echo "FAIL four: wrong"
exit 1
EOF
cat > "$T/repo/tests/a/test_crash.sh" <<'EOF'
echo "PASS before the crash"; exit 3
EOF
cat > "$T/repo/b/tests/test_unit" <<'EOF'
#!/bin/sh
# what cmocka prints: each result after its RUN line, then failed and skipped tests listed again
printf '[==========] Running 3 test(s).\n[ RUN      ] t1\n[       OK ] t1\n[ RUN      ] t2\n'
printf '[  FAILED  ] t2\n[ RUN      ] t3\n[  SKIPPED ] t3\n[==========] 3 test(s) run.\n'
printf '[  PASSED  ] 1 test(s).\n[  SKIPPED ] 1 test(s), listed below:\n[  SKIPPED ] t3\n\n'
printf ' 1 SKIPPED TEST(S)\n[  FAILED  ] 1 test(s), listed below:\n[  FAILED  ] t2\n\n 1 FAILED TEST(S)\n'
echo '[  ERROR   ] --- 0x1 != 0x2' >&2
exit 1
EOF
chmod +x "$T/repo/b/tests/test_unit"
(cd "$T/repo" && sh "$ROOT/tests/run_all.sh" b) > "$T/out" 2>&1
rc=$?
[ $rc -ne 0 ] && pass "run_all: a failing suite exits non-zero" || fail "run_all exit" "0 for a failing suite"
tail -n 1 "$T/out" | grep -qx "4 passed, 3 failed, 2 skipped" \
    && pass "run_all: the closing line counts passed, failed (a crash without FAIL is one) and skipped" \
    || fail "run_all closing line" "$(tail -n 3 "$T/out")"
grep -qx "SKIP three: frobnicator is not installed" "$T/out" \
    && pass "run_all: a SKIP line is shown with its reason" || fail "run_all SKIP shown" "$(cat "$T/out")"
grep -qx "test_unit: 1 ok, 1 failed, 1 skipped ([0-9]* s)" "$T/out" \
    && pass "run_all: cmocka results count once (not again from its summary lists)" \
    || fail "run_all cmocka counts" "$(grep test_unit "$T/out")"
[ "$(cat "$T/repo/b/test-summary" 2> /dev/null)" = "4 3 2" ] \
    && pass "run_all: the counts are left for make test" || fail "run_all summary" "$(cat "$T/repo/b/test-summary" 2>&1)"
rm "$T/repo/tests/a/test_one.sh" "$T/repo/tests/a/test_crash.sh"
printf '#!/bin/sh\nprintf "[ RUN      ] t1\\n[       OK ] t1\\n[ RUN      ] t3\\n[  SKIPPED ] t3\\n"\n' > "$T/repo/b/tests/test_unit"
printf 'echo "SKIP x: no tool"\n' > "$T/repo/tests/a/test_skip.sh"
(cd "$T/repo" && sh "$ROOT/tests/run_all.sh" b) > "$T/out" 2>&1
[ $? -eq 0 ] && tail -n 1 "$T/out" | grep -qx "1 passed, 0 failed, 2 skipped" \
    && pass "run_all: skips alone do not fail a run" || fail "run_all skips only" "$(tail -n 2 "$T/out")"

# ---- run_passes.sh with a fake make: the first pass fails, the second still runs ----
cat > "$T/fakemake" <<'EOF'
#!/bin/sh
# fake make: records its arguments; plain pass: tests fail; SAN=1 pass: tests pass
echo "$*" >> "$FAKE_LOG"
case " $* " in
*" SAN=1 "*) mkdir -p build/san && echo "10 0 1" > build/san/test-summary; exit 0 ;;
*) mkdir -p build && echo "7 2 0" > build/test-summary; exit 2 ;;
esac
EOF
chmod +x "$T/fakemake"
mkdir -p "$T/p" && cd "$T/p" || exit 1
FAKE_LOG="$T/log" MAKE="$T/fakemake" JOBS=3 sh "$ROOT/tests/run_passes.sh" > "$T/out" 2>&1
rc=$?
cd "$ROOT" || exit 1
[ $rc -ne 0 ] && pass "run_passes: a failed first pass fails the run" || fail "run_passes exit" "0"
[ "$(wc -l < "$T/log")" -eq 2 ] && grep -q -- "-j3 SAN=1 test-once" "$T/log" && grep -q -- "-j3 test-once" "$T/log" \
    && pass "run_passes: both passes run, each built with -jJOBS" || fail "run_passes passes" "$(cat "$T/log")"
grep -q "^plain pass: 7 passed, 2 failed, 0 skipped in [0-9]*s$" "$T/out" &&
    grep -q "^sanitizers pass: 10 passed, 0 failed, 1 skipped in [0-9]*s$" "$T/out" \
    && pass "run_passes: one line per pass" || fail "run_passes per-pass lines" "$(cat "$T/out")"
tail -n 1 "$T/out" | grep -qx "17 passed, 2 failed, 1 skipped" \
    && pass "run_passes: the closing line adds both passes" || fail "run_passes closing line" "$(tail -n 2 "$T/out")"

# a build that fails before any test runs: the pass fails, the other still runs
cat > "$T/fakemake" <<'EOF'
#!/bin/sh
echo "$*" >> "$FAKE_LOG"
case " $* " in
*" SAN=1 "*) exit 2 ;;
*) mkdir -p build && echo "5 0 0" > build/test-summary; exit 0 ;;
esac
EOF
: > "$T/log"
cd "$T/p" && rm -rf build || exit 1
FAKE_LOG="$T/log" MAKE="$T/fakemake" JOBS=2 sh "$ROOT/tests/run_passes.sh" > "$T/out" 2>&1
rc=$?
cd "$ROOT" || exit 1
[ $rc -ne 0 ] && grep -q "^sanitizers pass: 0 passed, 1 failed, 0 skipped in [0-9]*s (the tests did not run: the build failed)$" "$T/out" &&
    tail -n 1 "$T/out" | grep -qx "5 passed, 1 failed, 0 skipped" \
    && pass "run_passes: a pass whose build fails counts as failed and says so" \
    || fail "run_passes build failure" "rc=$rc $(cat "$T/out")"

[ $fails -eq 0 ]
