#!/bin/sh
# What an assessor files, end to end through the CLI: times in local time (Asia/Shanghai when TZ
# is unset, TZ honoured) and --from/--to in local dates; per trainee every session with its
# local start, hints, retries and replies submitted by the timer, each reply with its evidence
# (PDF 作答明细); weakest criteria only from enough answers, saying how many; the below-pass list
# lowest score first; the CSV keeps 工号 as text (00123) and lists only examined criteria; the
# XLSX is checked by xlsx_check.py (legible print, rounded values); every file is 0600.
# Env: BIN, ROOT. Needs python3, poppler-utils.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
unset COUNTERPART_PASSPHRASE COUNTERPART_NEW_PASSPHRASE TZ
export COUNTERPART_KEY="$T/signing.key" COUNTERPART_DB="$T/r.db" HOME="$T"
R=scenarios/replies/missing_materials/resolved.txt
sql() { python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]): print("|".join(str(x) for x in r))
c.commit()' "$T/r.db" "$1"; }

printf '姓名,工号,班组\n王晓明,00123,二班\n李娜,00124,二班\n张伟,00125,二班\n刘洋,00126,二班\n' > "$T/roster.csv"
"$BIN" trainee import "$T/roster.csv" > /dev/null 2>&1 || fail "roster" "import failed"
"$BIN" practice missing_materials --trainee 00123 --replies "$R" > /dev/null 2>&1 || fail "practice" 00123
{ sed -n 1p "$R"; echo '/hint'; echo '不知道，你自己去查。'; echo '/retry'; sed -n 2,3p "$R"; } > "$T/b.txt"
"$BIN" practice missing_materials --trainee 00124 --replies "$T/b.txt" > /dev/null 2>&1 || fail "practice" 00124
printf '不知道，你自己去查。\n这个不归我管。\n' > "$T/bad.txt"
"$BIN" practice missing_materials --trainee 00125 --replies "$T/bad.txt" > /dev/null 2>&1 || fail "practice" 00125
{ sed -n 1p "$R"; echo '不知道，你自己去查。'; } > "$T/mid.txt"
"$BIN" practice missing_materials --trainee 00126 --replies "$T/mid.txt" > /dev/null 2>&1 || fail "practice" 00126

"$BIN" export --group 二班 --format json,csv,csv-sessions,xlsx,pdf,xapi -o "$T/s" > "$T/o" 2>&1 || fail "export" "$(cat "$T/o")"
for f in json csv sessions.csv xlsx pdf xapi.json; do
    m=$(stat -c %a "$T/s.$f" 2> /dev/null)
    [ "$m" = 600 ] || fail "mode of s.$f" "$m, want 600"
done
[ $fails -eq 0 ] && pass "every exported file is 0600 (readable by its owner only)"

python3 - "$T/s.json" "$T/s.csv" "$T/s.sessions.csv" > "$T/py" 2>&1 <<'PY'
import csv, datetime, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def pr(name, ok, why=""):
    print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, why)))
co = d["cohort"]
bp = [b["percent"] for b in co["below_pass"]]
pr("json: below_pass lowest score first", bp == sorted(bp) and len(bp) >= 2, bp)
ans = {c["id"]: c.get("answers") for c in co["criteria"]}
pr("json: each cohort criterion says how many answers its mean rests on",
   all(isinstance(a, int) and a > 0 for a in ans.values()), ans)
pr("json: weakest only from criteria answered >= weakest_min_answers (5)",
   co.get("weakest_min_answers") == 5 and all(ans[w] >= 5 for w in co["weakest"]), (co["weakest"], ans))
few = [c for c, a in ans.items() if a < 5]
pr("json: a criterion answered fewer times is never named weakest", not set(few) & set(co["weakest"]), few)
rows = [r for r in csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline="")) if len(r) >= 12]
pr("csv: 工号 kept as text (=\"00123\")", rows[1][1] == '="00123"', rows[1][:3])
pr("csv: only examined criteria (考核次数 > 0 on every row)", all(int(r[6]) > 0 for r in rows[1:] if r[6]), [r[3:7] for r in rows[1:] if r[6] and int(r[6]) == 0][:3])
t0 = next(t for t in d["trainees"] if t["staff_no"] == "00123")
ex = {c["id"] for c in t0["summary"]["criteria"] if c["total"] > 0}
got = {r[3] for r in rows[1:] if r[1] == '="00123"'}
pr("csv: the examined criteria, all of them", got == ex, (sorted(got), sorted(ex)))
srows = list(csv.reader(open(sys.argv[3], encoding="utf-8-sig", newline="")))
h = srows[0]
pr("csv-sessions: times named local (UTC+8 when TZ is unset)", "开始时间(UTC+8)" in h, h)
s0 = t0["sessions"][0]
utc = datetime.datetime.strptime(s0["started"], "%Y-%m-%dT%H:%M:%SZ")
local = (utc + datetime.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
row = next(r for r in srows[1:] if r[1] == '="00123"')
pr("csv-sessions: started in Asia/Shanghai time", row[h.index("开始时间(UTC+8)")] == local, (row, local))
b = next(t for t in d["trainees"] if t["staff_no"] == "00124")["sessions"][0]
brow = next(r for r in srows[1:] if r[1] == '="00124"')
pr("csv-sessions: retries and hints counted", brow[h.index("重答次数")] == "1" and brow[h.index("提示次数")] == "1", brow)
print("LOCAL\t" + local)
PY
cat "$T/py" | grep -v '^LOCAL'
grep -q '^FAIL' "$T/py" && fails=$((fails + 1))
LOCAL=$(sed -n 's/^LOCAL\t//p' "$T/py")

# ---- the PDF: 作答明细 with local times, hints, retries, evidence; weakest says how many ----
pdftotext -layout "$T/s.pdf" "$T/s.txt"
sq=$(tr -d ' \t\r\n\f' < "$T/s.txt")
case "$sq" in *作答明细*) pass "pdf: a 作答明细 section" ;; *) fail "pdf 作答明细" "not found" ;; esac
HM=$(printf '%s' "$LOCAL" | tr -d ' ')
case "$sq" in *"$HM"*) pass "pdf: sessions start in local time ($LOCAL)" ;; *) fail "pdf local time" "$LOCAL not found" ;; esac
case "$sq" in *提示1次·重答1次*) pass "pdf: hints and retries of a session" ;; *) fail "pdf hints/retries" "not found" ;; esac
case "$sq" in *（已重答）*不知道，你自己去查。*) pass "pdf: the retried reply is shown, marked" ;; *) fail "pdf retried reply" "not found" ;; esac
case "$sq" in *达标*「*」*) pass "pdf: replies carry their evidence" ;; *) fail "pdf evidence" "not found" ;; esac
case "$sq" in *基于*次作答*|*没有作答次数足够*) pass "pdf: weakest criteria say how many answers" ;; *) fail "pdf weakest" "no count" ;; esac
first=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["cohort"]["below_pass"][0]["name"])' "$T/s.json")
below=${sq#*未达及格线（60%）的学员}
case "$below" in "姓名工号得分率$first"*) pass "pdf: the below-pass table starts with the lowest score ($first)" ;; *) fail "pdf below order" "$(printf '%.60s' "$below")" ;; esac

# ---- a reply submitted by the timer is marked on the sheet ----
python3 - tests/fixtures/scoresheet_two.json "$T/timed.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
u = d["trainees"][0]["sessions"][0]["turns"][0]
u["timed_out"], u["limit_ms"], u["elapsed_ms"] = True, 90000, 90000
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$(dirname "$BIN")/tests/test_export_pdf" --render "$T/timed.json" "$T/timed.pdf" 2> "$T/e" || fail "timed render" "$(cat "$T/e")"
pdftotext "$T/timed.pdf" - | tr -d ' \n' | grep -q "超时自动提交" && pass "pdf: a timer-submitted reply is marked 超时自动提交" || fail "pdf timed" "not marked"

# ---- a large class (61..250 trainees) lists every reply, rendered in one pass; a centre-sized
# sheet (more than 250) lists each session's times, hints and retries and says where the replies are
python3 - tests/fixtures/scoresheet_two.json "$T/big.json" "$T/centre.json" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t0 = d["trainees"][0]
for path, n in ((sys.argv[2], 61), (sys.argv[3], 251)):
    d["trainees"] = []
    for i in range(n):
        t = copy.deepcopy(t0)
        t["id"], t["staff_no"] = 1000 + i, "%05d" % (1000 + i)
        d["trainees"].append(t)
    json.dump(d, open(path, "w", encoding="utf-8"), ensure_ascii=False)
PY
"$(dirname "$BIN")/tests/test_export_pdf" --render "$T/big.json" "$T/big.pdf" 2> "$T/e" || fail "big render" "$(cat "$T/e")"
bt=$(pdftotext "$T/big.pdf" - | tr -d ' \n')
[ "$(printf '%s' "$bt" | grep -o '轮学员作答得分评分项与证据' | wc -l)" -ge 61 ] && pass "pdf: a class of 61 lists every trainee's replies" || fail "61 trainees" "replies not listed"
case "$bt" in *逐条作答明细未列出*) fail "61 trainees" "called a centre's sheet" ;; *) pass "pdf: a class of 61 is not cut to a centre's sheet" ;; esac
case "$bt" in *"汇总第1/1页"*) pass "pdf: a large class's sheet numbers pages within each trainee's sheet (one pass)" ;;
    *) fail "large class footer" "no 汇总第1/1页" ;; esac
[ "$(printf '%s' "$bt" | grep -o '本人第1/[0-9]页' | wc -l)" = 61 ] && pass "pdf: each of the 61 sheets says 本人第 1/N 页" || fail "class footers" "count"
"$(dirname "$BIN")/tests/test_export_pdf" --render "$T/centre.json" "$T/centre.pdf" 2> "$T/e" || fail "centre render" "$(cat "$T/e")"
ct=$(pdftotext "$T/centre.pdf" - | tr -d ' \n')
case "$ct" in *轮学员作答得分评分项与证据*) fail "251 trainees" "every reply listed" ;;
    *逐条作答明细未列出*"export--trainee01000"*) pass "pdf: 251 trainees: no reply list, the command for one trainee's instead" ;;
    *) fail "251 trainees" "no note" ;; esac
[ "$(printf '%s' "$ct" | grep -o '情景1第三趟还没办成的退休申领·练习·2026-11-1701:30–01:41·作答3次·提示0次·重答1次' | wc -l)" = 251 ] &&
    pass "pdf: a centre's sheet still gives each session's local times, replies, hints and retries" || fail "centre sessions" "no session lines"
[ "$(printf '%s' "$ct" | grep -o '本人第1/1页' | wc -l)" = 251 ] && pass "pdf: each of the 251 sheets says 本人第 1/1 页" || fail "centre footers" "count"

"$(dirname "$BIN")/tests/test_export_xlsx" --write "$T/big.xlsx" "$T/big.json" 2> "$T/e" || fail "big xlsx" "$(cat "$T/e")"
python3 - "$T/big.xlsx" > "$T/o" 2>&1 <<'PY' && pass "xlsx: 61 trainees: 汇总 and 班组汇总, the command for one trainee's replies" || fail "big xlsx" "$(cat "$T/o")"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
assert names == ["汇总", "班组汇总"], names
assert "counterpart export --trainee 工号 --format xlsx" in z.read("xl/sharedStrings.xml").decode()
PY

# ---- local dates: --from/--to are the assessor's days, TZ honoured ----
sid=$(sql "select id from sessions s where trainee_id=(select id from trainees where staff_no='00123')")
sql "update sessions set started='2026-03-01T17:30:00Z' where id=$sid" > /dev/null
"$BIN" export --trainee 00123 --from 2026-03-02 --to 2026-03-02 --format json -o "$T/d.json" > /dev/null 2> "$T/e"
[ $? -eq 0 ] && pass "01:30 on 2 March in Shanghai is in --from 2026-03-02 (17:30 UTC the day before)" || fail "local date filter" "$(cat "$T/e")"
TZ=UTC "$BIN" export --trainee 00123 --from 2026-03-02 --to 2026-03-02 --format json -o "$T/u.json" > /dev/null 2> "$T/e"
[ $? -ne 0 ] && grep -q "no sessions" "$T/e" && pass "TZ=UTC is honoured: the same session is 1 March there" || fail "TZ honoured" "$(cat "$T/e")"

# ---- the workbook, cell by cell (legible print, values as shown) ----
python3 tests/export/xlsx_check.py --prefix "xlsx(二班)" "$T/s.xlsx" "$T/s.json" > "$T/x" 2>&1
grep -v '^PASS' "$T/x"
grep -q '^FAIL' "$T/x" && fails=$((fails + 1))
grep -c '^PASS' "$T/x" | sed 's/^/PASS xlsx_check: /; s/$/ checks/'
[ $fails -eq 0 ]
