#!/bin/sh
# Resuming an exam after a real kill -9 of `counterpart exam start` mid-run: the replies given
# before the kill are on disk, the reply being typed is not; `exam resume` needs the assessor
# passphrase, continues at the first unanswered reply and through the remaining scenarios;
# afterwards every reply is in the database exactly once, the run is finished with resumes = 1,
# `exam result` and `exam list` agree, it scores as an uninterrupted run, and a finished run
# cannot be resumed again.
# Env: BIN (counterpart binary), ROOT (repo). Uses python3's sqlite3 module to look inside.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"; }
unset COUNTERPART_DB COUNTERPART_PASSPHRASE
sql() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]): print("|".join(str(x) for x in r))' "$@"; }
MM=scenarios/replies/missing_materials/resolved.txt
CB=scenarios/replies/card_balance/resolved.txt
DB="$T/r.db"
PASSF="$T/pass"; printf 'correct horse 社保\n' > "$PASSF"
printf 'wrong passphrase\n' > "$T/bad"
cat > "$T/two.lua" <<'LUA'
return exam {
  id = "two_part", title = "两部分考核", scenarios = { "missing_materials", "card_balance" },
  time_limit = 60, pass_mark = 50, feedback = false,
}
LUA
"$BIN" trainee add 张三 2001 一班 --db "$DB" > /dev/null
"$BIN" passphrase set --db "$DB" --new-file "$PASSF" > /dev/null

# ---- Usage ----
"$BIN" exam --help > "$T/h" 2>&1
grep -q "counterpart exam resume RUN" "$T/h" && grep -q "counterpart exam list" "$T/h" \
    && pass "exam --help documents resume and list" || fail "help" "$(head -5 "$T/h")"
"$BIN" exam resume > /dev/null 2>&1; expect_rc "exam resume without RUN exits 2" 2 $?
"$BIN" exam resume x1 --db "$DB" > /dev/null 2>&1; expect_rc "exam resume with a bad RUN exits 2" 2 $?
"$BIN" exam list extra --db "$DB" > /dev/null 2>&1; expect_rc "exam list with an extra argument exits 2" 2 $?

# ---- A real kill -9 after two recorded replies, with a third being typed ----
mkfifo "$T/fifo"
"$BIN" exam start "$T/two.lua" --trainee 2001 --db "$DB" --passphrase-file "$PASSF" \
    --replies "$T/fifo" --elapsed 11,12,13 > "$T/out" 2> "$T/err" &
PID=$!
exec 3> "$T/fifo"
sed -n 1p "$MM" >&3; sleep 0.3     # replies arrive one by one, as a person types them
sed -n 2p "$MM" >&3
i=0
while [ "$(grep -c '^recorded ' "$T/out")" -lt 2 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
printf '这一句还没有打完' >&3      # the third reply is being typed (no Enter yet)
sleep 0.2
kill -9 $PID
wait $PID 2>/dev/null
PID=""
exec 3>&-
confirmed=$(grep -c '^recorded ' "$T/out")
[ "$confirmed" -eq 2 ] && pass "two replies were confirmed before the kill" || fail "confirmations" "$confirmed: $(cat "$T/err")"
run=$(sed -n 's/^exam run \([0-9]*\): .*/\1/p' "$T/out")
sid=$(sed -n 's/^scenario missing_materials session \([0-9]*\)$/\1/p' "$T/out")
[ -n "$run" ] && [ -n "$sid" ] && pass "the run ($run) and its first session ($sid) were announced" || fail "ids" "$(cat "$T/out")"
[ "$(sql "$DB" "select count(*) from turns where session_id=$sid")" = 2 ] \
    && pass "after kill -9 both confirmed replies are in the database" || fail "kill lost replies" "$(sql "$DB" "select seq from turns")"
[ "$(sql "$DB" "select count(*) from turns where reply like '%还没有打完%'")" = 0 ] \
    && pass "the reply being typed when it died was not recorded" || fail "partial reply" "recorded"
[ "$(sql "$DB" "select ended is null from exam_runs where id=$run")" = 1 ] \
    && pass "the killed run is unfinished" || fail "unfinished" "$(sql "$DB" "select * from exam_runs")"
"$BIN" exam list --db "$DB" --passphrase-file "$PASSF" > "$T/l" 2>&1
grep -q "^$run	2001	张三	two_part	.*	进行中	第 1/2 部分，已答 2 轮	中断后续考 0 次$" "$T/l" \
    && pass "exam list shows the killed run in progress at part 1 after 2 replies" || fail "list before" "$(cat "$T/l")"

# ---- Resuming needs the passphrase ----
sed -n '3,$p' "$MM" > "$T/rest.txt"; cat "$CB" >> "$T/rest.txt"
"$BIN" exam resume "$run" --db "$DB" --passphrase-file "$T/bad" --replies "$T/rest.txt" > "$T/o" 2> "$T/e"
expect_rc "resuming with a wrong passphrase exits 1" 1 $?
grep -q "wrong assessor passphrase" "$T/e" && pass "it says the passphrase is wrong" || fail "bad pass msg" "$(cat "$T/e")"
[ "$(sql "$DB" "select count(*) from exam_resumes")" = 0 ] && [ "$(sql "$DB" "select count(*) from turns")" = 2 ] \
    && pass "a refused resume records nothing" || fail "refused resume" "wrote"

# ---- Resume: from reply 3 of part 1, then part 2 ----
"$BIN" exam resume "$run" --db "$DB" --passphrase-file "$PASSF" --replies "$T/rest.txt" --by 考官乙 \
    --elapsed 5,6 > "$T/o" 2> "$T/e"
expect_rc "exam resume finishes the run" 0 $?
grep -q "^scenario missing_materials session $sid resumed at turn 3;" "$T/o" \
    && pass "it continues the same session at the first unanswered reply" || fail "resume point" "$(head -3 "$T/o") $(cat "$T/e")"
grep -q "^recorded session $sid turn 3 elapsed 5.0s$" "$T/o" \
    && pass "the interrupted reply's time starts again (its own --elapsed)" || fail "turn 3" "$(cat "$T/o")"
grep -q "^scenario card_balance session [0-9]*$" "$T/o" && pass "then the remaining scenario starts" || fail "part 2" "$(cat "$T/o")"
dups=$(sql "$DB" "select count(*) from (select session_id, seq from turns group by session_id, seq having count(*) > 1)")
[ "$dups" = 0 ] && pass "no reply is stored twice" || fail "duplicates" "$dups"
got=$(sql "$DB" "select s.scenario||':'||count(t.id)||':'||min(t.seq)||'-'||max(t.seq) from sessions s join turns t on t.session_id=s.id where s.exam_run_id=$run group by s.id order by s.id" | tr '\n' ' ')
[ "$got" = "missing_materials:7:1-7 card_balance:6:1-6 " ] \
    && pass "every reply of both scenarios is in the database exactly once ($got)" || fail "replies" "$got"
python3 - "$DB" "$MM" "$CB" "$sid" <<'PY' && pass "the stored replies are the script's lines in order" || fail "reply text" "differs"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
want = [l.rstrip("\r\n") for l in open(sys.argv[2], encoding="utf-8")] + [l.rstrip("\r\n") for l in open(sys.argv[3], encoding="utf-8")]
got = [r[0] for r in c.execute("select t.reply from turns t join sessions s on s.id=t.session_id where s.exam_run_id=(select exam_run_id from sessions where id=?) order by s.id, t.seq", (int(sys.argv[4]),))]
sys.exit(0 if got == want else 1)
PY
[ "$(sql "$DB" "select ended is not null, complete from exam_runs where id=$run")" = "1|1" ] \
    && pass "the run is finished and complete" || fail "finished" "$(sql "$DB" "select * from exam_runs where id=$run")"
got=$(sql "$DB" "select count(*), max(by), max(part), max(session_id), max(seq) from exam_resumes where run_id=$run")
[ "$got" = "1|考官乙|0|$sid|3" ] && pass "one resume is recorded: by 考官乙 at part 1, session $sid, reply 3 unanswered" || fail "audit" "$got"
grep -q "^resumes 1（中断后续考 1 次）$" "$T/o" && pass "the final result line counts the resume" || fail "resume count" "$(tail -2 "$T/o")"
final=$(sed -n 's/^exam run [0-9]* two_part: \(.*\)$/\1/p' "$T/o")

# ---- exam result and exam list agree ----
"$BIN" exam result "$run" --db "$DB" --passphrase-file "$PASSF" > "$T/r" 2>&1
expect_rc "exam result" 0 $?
grep -q "^exam run $run two_part: $final$" "$T/r" && grep -q "^resumes 1（中断后续考 1 次）$" "$T/r" \
    && pass "exam result shows the same score and resumes 1" || fail "result" "$(cat "$T/r") vs $final"
"$BIN" exam list --trainee 2001 --db "$DB" --passphrase-file "$PASSF" > "$T/l" 2>&1
grep -q "^$run	2001	张三	two_part	.*	已完成	.*	中断后续考 1 次$" "$T/l" \
    && pass "exam list shows the run finished with 1 resume" || fail "list after" "$(cat "$T/l")"

# ---- The score sheet carries the resume count ----
COUNTERPART_KEY="$T/signing.key" COUNTERPART_PASSPHRASE='correct horse 社保' \
    "$BIN" export --run "$run" --db "$DB" --format json -o "$T/sheet.json" > /dev/null 2> "$T/e"
expect_rc "export --run" 0 $?
python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
r = d["trainees"][0]["exam_runs"][0]
sys.exit(0 if r["id"] == int(sys.argv[2]) and r["resumes"] == 1 and r["finished"] else 1)' "$T/sheet.json" "$run" \
    && pass "the exported exam run says resumes 1" || fail "export resumes" "$(head -c 600 "$T/sheet.json") $(cat "$T/e")"
python3 tests/export/schema_check.py docs/scoresheet.schema.json "$T/sheet.json" > "$T/o" 2>&1 \
    && pass "the sheet with resumes satisfies docs/scoresheet.schema.json" || fail "schema" "$(cat "$T/o")"

COUNTERPART_KEY="$T/signing.key" COUNTERPART_PASSPHRASE='correct horse 社保' \
    "$BIN" export --run "$run" --db "$DB" --format xlsx,pdf -o "$T/sheet" > /dev/null 2> "$T/e"
expect_rc "export --run as XLSX and PDF" 0 $?
python3 -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
sys.exit(0 if "中断后续考 1 次" in text else 1)' "$T/sheet.xlsx" \
    && pass "the XLSX exam-run line says 中断后续考 1 次" || fail "xlsx resumes" "$(cat "$T/e")"
if command -v pdftotext > /dev/null; then
    pdftotext "$T/sheet.pdf" - 2>/dev/null | tr -d ' \n' | grep -q "中断后续考1次" \
        && pass "the PDF exam-run line says 中断后续考 1 次" || fail "pdf resumes" "$(pdftotext "$T/sheet.pdf" - 2>&1 | grep 考试 | head -3)"
else
    echo "SKIP the PDF exam-run line says 中断后续考 1 次: pdftotext is not installed (poppler-utils)"
fi

# ---- Same score as an uninterrupted run ----
"$BIN" trainee add 李四 2002 --db "$T/clean.db" > /dev/null
"$BIN" passphrase set --db "$T/clean.db" --new-file "$PASSF" > /dev/null
cat "$MM" "$CB" > "$T/all.txt"
"$BIN" exam start "$T/two.lua" --trainee 2002 --db "$T/clean.db" --passphrase-file "$PASSF" --replies "$T/all.txt" > "$T/c" 2>&1
clean=$(sed -n 's/^exam run [0-9]* two_part: \(.*\)$/\1/p' "$T/c")
[ -n "$clean" ] && [ "$clean" = "$final" ] && pass "killed+resumed and uninterrupted runs score the same ($final)" || fail "scores" "'$final' vs '$clean'"

# ---- A finished run cannot be resumed ----
"$BIN" exam resume "$run" --db "$DB" --passphrase-file "$PASSF" --replies "$T/rest.txt" > "$T/o" 2> "$T/e"
expect_rc "resuming a finished run exits 1" 1 $?
grep -q "has finished; its result is final" "$T/e" && pass "it says the result is final" || fail "finished msg" "$(cat "$T/e")"
[ "$(sql "$DB" "select count(*) from exam_resumes")" = 1 ] && [ "$(sql "$DB" "select count(*) from turns")" = 13 ] \
    && pass "the refused resume changed nothing" || fail "finished changed" "$(sql "$DB" "select count(*) from turns")"
"$BIN" exam resume 999 --db "$DB" --passphrase-file "$PASSF" > /dev/null 2> "$T/e"
expect_rc "resuming an unknown run exits 1" 1 $?

exit $fails
