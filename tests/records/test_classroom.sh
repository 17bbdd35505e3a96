#!/bin/sh
# Roster import (UTF-8, UTF-8 BOM, GBK from Excel, quoted commas, bad rows with line numbers),
# the assessor passphrase (hash only, wrong one refused, change needs the old one), exams (time
# limit: a late reply is submitted as typed and marked; no hints; immutable results) and
# overrides (automatic result kept, marked in history, counted in the exam result).
# Env: BIN (counterpart binary), ROOT (repo). Uses iconv and python3's sqlite3 module.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"; }
unset COUNTERPART_DB COUNTERPART_PASSPHRASE COUNTERPART_NEW_PASSPHRASE
FX=tests/fixtures
sql() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
try:
    for r in c.execute(sys.argv[2]): print("|".join(str(x) for x in r))
except sqlite3.Error as e:
    print("ERROR", e); sys.exit(3)' "$@"; }

# ---- Roster ----
DB="$T/class.db"
"$BIN" trainee import $FX/roster_utf8.csv --db "$DB" > "$T/o" 2> "$T/e"
expect_rc "UTF-8 roster imports" 0 $?
grep -q "(UTF-8): 4 added, 0 updated, 0 unchanged, 0 skipped" "$T/o" && pass "it reports 4 added" || fail "utf8 report" "$(cat "$T/o" "$T/e")"
"$BIN" trainee list --db "$DB" > "$T/l"
grep -q "	1003	欧阳, 娜娜	二班, 综合柜员$" "$T/l" && pass "quoted fields keep their commas" || fail "quoted" "$(cat "$T/l")"

printf '\357\273\277' > "$T/bom.csv"; sed 's/王小明/王晓明/' $FX/roster_utf8.csv >> "$T/bom.csv"
"$BIN" trainee import "$T/bom.csv" --db "$DB" > "$T/o" 2>&1
expect_rc "UTF-8 roster with a BOM imports" 0 $?
grep -q "(UTF-8 with BOM): 0 added, 1 updated, 3 unchanged, 0 skipped" "$T/o" && pass "the BOM is detected and a changed name updates the 工号's row" || fail "bom" "$(cat "$T/o")"
"$BIN" trainee list --db "$DB" | grep -q "	1001	王晓明	一班$" && pass "the BOM is not part of the first name" || fail "bom name" "$("$BIN" trainee list --db "$DB")"

DB2="$T/gbk.db"
iconv -f UTF-8 -t GBK $FX/roster_utf8.csv > "$T/gbk.csv"
python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); d.decode("utf-8")' "$T/gbk.csv" 2>/dev/null \
    && fail "gbk fixture" "the GBK file is valid UTF-8" || pass "the GBK fixture is not valid UTF-8"
"$BIN" trainee import "$T/gbk.csv" --db "$DB2" > "$T/o" 2>&1
expect_rc "GBK roster (Excel on Chinese Windows) imports" 0 $?
grep -q "(GB18030): 4 added" "$T/o" && pass "GBK is detected" || fail "gbk detect" "$(cat "$T/o")"
"$BIN" trainee list --db "$DB2" > "$T/l"
grep -q "	1003	欧阳, 娜娜	二班, 综合柜员$" "$T/l" && grep -q "	1001	王小明	一班$" "$T/l" \
    && pass "GBK names and groups read as the same Chinese text" || fail "gbk text" "$(cat "$T/l")"

"$BIN" trainee import $FX/roster_bad.csv --db "$T/bad.db" > "$T/o" 2> "$T/e"
expect_rc "a roster with bad rows exits 1" 1 $?
for want in "roster_bad.csv:3: 工号 is empty" "roster_bad.csv:4: 姓名 is empty" \
            "roster_bad.csv:5: expected 3 fields, found 2" "roster_bad.csv:7: 工号 '1 008' contains a space" \
            "roster_bad.csv:8: 工号 1001 appears twice"; do
    grep -q "^counterpart: $FX/$want" "$T/e" && pass "bad row reported: $want" || fail "bad row $want" "$(cat "$T/e")"
done
grep -q "3 added, 0 updated, 0 unchanged, 5 skipped" "$T/o" && pass "good rows import, bad rows are skipped and counted" || fail "bad report" "$(cat "$T/o")"
[ "$("$BIN" trainee list --db "$T/bad.db" | wc -l)" -eq 3 ] && pass "exactly the 3 good rows are on the roster" || fail "bad roster" "$("$BIN" trainee list --db "$T/bad.db")"
printf '名字,编号\n甲,1\n' > "$T/nohead.csv"
"$BIN" trainee import "$T/nohead.csv" --db "$T/nh.db" > /dev/null 2> "$T/e"; expect_rc "a roster without the header exits 1" 1 $?
grep -q "nohead.csv:1: the header must name" "$T/e" && pass "the header error names file and line" || fail "header" "$(cat "$T/e")"
[ ! -f "$T/nh.db" ] && pass "an unreadable roster touches no database" || fail "nohead db" "created"
printf '\377\376\000\000' > "$T/u16.csv"
"$BIN" trainee import "$T/u16.csv" --db "$DB" > /dev/null 2> "$T/e"; expect_rc "a UTF-16 roster exits 1" 1 $?
grep -q "UTF-16 text is not supported" "$T/e" && pass "UTF-16 is named" || fail "utf16" "$(cat "$T/e")"
"$BIN" trainee add 重复 1002 --db "$DB" > /dev/null 2> "$T/e"; expect_rc "a duplicate 工号 exits 1" 1 $?
grep -q "工号 1002 is already on the roster" "$T/e" && pass "the duplicate 工号 is named" || fail "dup" "$(cat "$T/e")"

# ---- Passphrase ----
PASS_OK="$T/pass_ok"; printf 'correct horse 社保\n' > "$PASS_OK"
printf 'wrong passphrase\n' > "$T/pass_bad"
printf 'short\n' > "$T/pass_short"
"$BIN" practice missing_materials --trainee 1002 --db "$DB" --replies scenarios/replies/missing_materials/resolved.txt > /dev/null 2>&1
"$BIN" exam start window_basics --trainee 1001 --replies /dev/null --db "$DB" --passphrase-file "$PASS_OK" > /dev/null 2> "$T/e"
expect_rc "an exam without a passphrase set is refused" 1 $?
grep -q "no assessor passphrase is set" "$T/e" && pass "it says to set one" || fail "no pass" "$(cat "$T/e")"
"$BIN" passphrase set --db "$DB" --new-file "$T/pass_short" > /dev/null 2> "$T/e"; expect_rc "a short passphrase is refused" 1 $?
"$BIN" passphrase set --db "$DB" --new-file "$PASS_OK" > /dev/null 2>&1; expect_rc "passphrase set" 0 $?
h=$(sql "$DB" "select value from settings where key='assessor_passphrase'")
case "$h" in '$argon2id$'*) pass "only an Argon2id hash is stored" ;; *) fail "hash" "$h" ;; esac
if grep -a -q "correct horse" "$DB" "$DB-wal" 2>/dev/null; then fail "plaintext" "the passphrase is in the file"
else pass "the passphrase text is nowhere in the database files"; fi
"$BIN" history 1002 --db "$DB" > /dev/null 2> "$T/e"; expect_rc "history without the passphrase is refused" 1 $?
"$BIN" history 1002 --db "$DB" --passphrase-file "$T/pass_bad" > /dev/null 2> "$T/e"; expect_rc "history with a wrong passphrase is refused" 1 $?
grep -q "wrong assessor passphrase" "$T/e" && pass "it says the passphrase is wrong" || fail "wrong msg" "$(cat "$T/e")"
COUNTERPART_PASSPHRASE='correct horse 社保' "$BIN" history 1002 --db "$DB" > /dev/null 2>&1
expect_rc "history with COUNTERPART_PASSPHRASE works" 0 $?
"$BIN" passphrase set --db "$DB" --passphrase-file "$T/pass_bad" --new-file "$T/pass_bad" > /dev/null 2> "$T/e"
expect_rc "changing the passphrase with a wrong old one is refused" 1 $?
"$BIN" history 1002 --db "$DB" --passphrase-file "$PASS_OK" > /dev/null 2>&1; expect_rc "the old passphrase still works after a refused change" 0 $?

# ---- Exam: time limit, no hints, immutable results ----
EX="$T/exam.lua"
cat > "$EX" <<'LUA'
return exam {
  id = "timed_test", title = "限时测试", scenarios = { "missing_materials" },
  time_limit = 30, pass_mark = 50, feedback = false,
  weights = { ["compliance.no_promise"] = 3 },
}
LUA
sed -n 1,3p scenarios/replies/missing_materials/resolved.txt > "$T/exam_replies.txt"
printf '/hint\n' >> "$T/exam_replies.txt"
"$BIN" exam start "$EX" --trainee 1001 --db "$DB" --passphrase-file "$T/pass_bad" --replies "$T/exam_replies.txt" > /dev/null 2> "$T/e"
expect_rc "starting an exam with a wrong passphrase is refused" 1 $?
[ "$(sql "$DB" "select count(*) from exam_runs")" = 0 ] && pass "a refused exam leaves no run" || fail "refused run" "runs exist"
"$BIN" exam start "$EX" --trainee 1001 --db "$DB" --passphrase-file "$PASS_OK" --replies "$T/exam_replies.txt" \
    --elapsed 12,31.5,30 > "$T/o" 2> "$T/e"
expect_rc "a scripted exam runs" 0 $?
grep -q "turn 1 elapsed 12.0s$" "$T/o" && pass "a reply within the limit is not marked" || fail "in time" "$(cat "$T/o")"
grep -q "turn 2 elapsed 30.0s timed out: submitted as typed" "$T/o" && pass "a reply after the limit is submitted as typed and marked" || fail "late" "$(cat "$T/o")"
grep -q "turn 3 elapsed 30.0s timed out" "$T/o" && pass "a reply exactly at the limit is timed out" || fail "at limit" "$(cat "$T/o")"
grep -q "no hints or commands in exams" "$T/e" && pass "hints are refused in an exam" || fail "hint" "$(cat "$T/e")"
grep -q "incomplete failed" "$T/o" && pass "an exam whose replies ran out is incomplete and failed" || fail "incomplete" "$(tail -1 "$T/o")"
r2=$(sed -n 2p "$T/exam_replies.txt")
got=$(sql "$DB" "select reply||'|'||timed_out||'|'||elapsed_ms||'|'||limit_ms from turns t join sessions s on s.id=t.session_id where s.mode='exam' and t.seq=2")
[ "$got" = "$r2|1|30000|30000" ] && pass "the late reply is stored as typed with timed_out, elapsed and limit" || fail "stored late" "$got"
out=$(sql "$DB" "update turns set reply='edited' where session_id=(select id from sessions where mode='exam')")
case "$out" in ERROR*immutable*) pass "updating an exam reply is refused by the database" ;; *) fail "update" "$out" ;; esac
out=$(sql "$DB" "update turn_results set met=1 where turn_id=(select min(id) from turns where session_id=(select id from sessions where mode='exam'))")
case "$out" in ERROR*immutable*) pass "updating an exam result is refused" ;; *) fail "update result" "$out" ;; esac
out=$(sql "$DB" "delete from turns where session_id=(select id from sessions where mode='exam')")
case "$out" in ERROR*immutable*) pass "deleting exam replies is refused" ;; *) fail "delete" "$out" ;; esac
out=$(sql "$DB" "update exam_runs set auto_percent=100")
case "$out" in ERROR*immutable*) pass "a finished exam run cannot change" ;; *) fail "run update" "$out" ;; esac

# ---- Overrides: added records, automatic result kept, marked in history ----
"$BIN" exam start "$EX" --trainee 1003 --db "$DB" --passphrase-file "$PASS_OK" \
    --replies scenarios/replies/missing_materials/partial.txt > "$T/o" 2>&1
expect_rc "a complete exam runs" 0 $?
run=$(sed -n 's/^exam run \([0-9]*\): .*/\1/p' "$T/o")
esid=$(sed -n 's/^scenario missing_materials session \([0-9]*\)$/\1/p' "$T/o")
before=$(sed -n 's/.*: \([0-9.]*\)% (automatic.*/\1/p' "$T/o")
# the first turn with a criterion the scorer missed (the reference replies meet most of theirs)
seqcrit=$(sql "$DB" "select t.seq||' '||r.criterion from turn_results r join turns t on t.id=r.turn_id where t.session_id=$esid and r.focus=1 and r.met=0 order by t.seq limit 1")
seq=${seqcrit%% *}; crit=${seqcrit#* }
[ -n "$seqcrit" ] && pass "the exam has a missed criterion to override ($crit, turn $seq)" || fail "no missed criterion" "session $esid"
"$BIN" override "$esid" "$seq" "$crit" --met yes --why "复述到位，评分器漏判" --by 考官甲 --db "$DB" > /dev/null 2> "$T/e"
expect_rc "override without the passphrase is refused" 1 $?
"$BIN" override "$esid" "$seq" "$crit" --met yes --why "复述到位，评分器漏判" --by 考官甲 --db "$DB" --passphrase-file "$PASS_OK" > "$T/o" 2>&1
expect_rc "override with the passphrase is added" 0 $?
"$BIN" override "$esid" "$seq" no.such.criterion --met yes --why x --db "$DB" --passphrase-file "$PASS_OK" > /dev/null 2> "$T/e"
expect_rc "overriding an unknown criterion exits 1" 1 $?
[ "$(sql "$DB" "select r.met from turn_results r join turns t on t.id=r.turn_id where t.session_id=$esid and t.seq=$seq and r.criterion='$crit'")" = 0 ] \
    && pass "the automatic result is kept beside the override" || fail "auto kept" "changed"
"$BIN" history 1003 --db "$DB" --passphrase-file "$PASS_OK" > "$T/h" 2>&1
grep -q "^  \* session $esid turn $seq $crit: auto missed -> met  by 考官甲 at .*: 复述到位，评分器漏判" "$T/h" \
    && pass "history marks the override with auto result, who, when and why" || fail "history override" "$(cat "$T/h")"
grep -q "session $esid .*overrides 1 \*" "$T/h" && pass "the session line is marked" || fail "session mark" "$(grep session "$T/h")"
"$BIN" exam result "$run" --db "$DB" --passphrase-file "$PASS_OK" > "$T/o" 2>&1
expect_rc "exam result" 0 $?
after=$(sed -n 's/.*: \([0-9.]*\)% (automatic.*/\1/p' "$T/o")
auto=$(sed -n 's/.*(automatic \([0-9.]*\)%.*/\1/p' "$T/o")
python3 -c "import sys; a,b,c=map(float,sys.argv[1:]); sys.exit(0 if b>a and c==a else 1)" "$before" "$after" "$auto" \
    && pass "the exam result applies the override ($before% -> $after%) and keeps the automatic $auto%" || fail "exam result" "$before $after $auto"
grep -q "overrides applied" "$T/o" && pass "the exam result is marked as overridden" || fail "exam mark" "$(cat "$T/o")"
out=$(sql "$DB" "update overrides set met=0")
case "$out" in ERROR*immutable*) pass "overrides cannot be edited (add another)" ;; *) fail "override update" "$out" ;; esac

# ---- Self-study: hints cost points, retry records an attempt; progress recommends ----
printf '#1\n/hint\n好的\n/retry\n王师傅，您是说前两次每回只说缺一样，让您白跑了三趟，对吗？\n' > "$T/self.txt"
"$BIN" practice missing_materials --trainee 1004 --db "$DB" --replies "$T/self.txt" > "$T/o" 2>&1
expect_rc "a self-study session with a hint and a retry" 0 $?
grep -q "^recorded session [0-9]* turn 2 attempt 2 " "$T/o" && pass "the retried turn is recorded as attempt 2" || fail "retry" "$(cat "$T/o")"
got=$(sql "$DB" "select hints||'|'||score||'|'||max from turns where seq=2 and attempt=1 and session_id=(select max(id) from sessions where mode='practice')")
hints=${got%%|*}; rest=${got#*|}; raw=${rest%%|*}; max=${rest#*|}
shown=$(sed -n 's/^recorded session [0-9]* turn 2 attempt 1 score \([0-9.]*\)\/.*/\1/p' "$T/o")
python3 -c "import sys; h,r,m,s=map(float,sys.argv[1:]); sys.exit(0 if h==1 and abs(max(0,r-0.25*m)-s)<0.05 else 1)" "$hints" "$raw" "$max" "$shown" \
    && pass "a hint is recorded and costs 25% of the turn's max ($raw -> $shown of $max)" || fail "hint cost" "$got shown $shown"
"$BIN" progress 1004 --db "$DB" --passphrase-file "$PASS_OK" > "$T/o" 2>&1
expect_rc "progress" 0 $?
grep -q "^next: [a-z_]*  (trains " "$T/o" && pass "progress recommends a next scenario" || fail "progress next" "$(cat "$T/o")"

exit $fails
