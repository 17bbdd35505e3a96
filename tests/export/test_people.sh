#!/bin/sh
# Complete about people and exams, end to end through the CLI: a 班组 of 17 is 17 人 on every
# format, the members who did not practise listed as 未练习 (never as failing); an exam run is
# reported apart from practice (the practice percentages hold practice turns only, the run is
# listed on the trainee's sheet, the cohort page, the 考试记录 sheet and in the CSV), and a run's
# verdict follows the exam's rule on outcome (cp_exam_result.outcome_ok; unit-tested in
# test_export.c with an ending rated 2/5). Env: BIN, ROOT. Needs python3, poppler-utils.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
[ -n "${KEEP:-}" ] && T=$KEEP && mkdir -p "$T" || trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
unset COUNTERPART_PASSPHRASE COUNTERPART_NEW_PASSPHRASE
export COUNTERPART_KEY="$T/signing.key" COUNTERPART_DB="$T/r.db" HOME="$T" TZ=UTC
R=scenarios/replies/missing_materials/resolved.txt

python3 - "$T/roster.csv" <<'PY'
import sys
names = "王晓明 李娜 张伟 刘洋 陈静 杨帆 赵磊 黄敏 周杰 吴倩 徐涛 孙丽 胡军 朱琳 高峰 林雪 何平".split()
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("姓名,工号,班组\n")
    for i, n in enumerate(names):
        f.write("%s,%05d,一班\n" % (n, 3001 + i))
PY
"$BIN" trainee import "$T/roster.csv" > /dev/null 2>&1 || fail "roster" "import failed"
"$BIN" practice missing_materials --trainee 03001 --replies "$R" > /dev/null 2>&1 || fail "practice" "03001"
sed -n 1,2p "$R" > "$T/two.txt"
"$BIN" practice missing_materials --trainee 03002 --replies "$T/two.txt" > /dev/null 2>&1 || fail "practice" "03002"
printf 'people pass 社保\n' > "$T/pass"
"$BIN" passphrase set --new-file "$T/pass" > /dev/null 2>&1 || fail "passphrase" "set failed"
"$BIN" exam start window_basics --trainee 03001 --replies "$R" --passphrase-file "$T/pass" > "$T/o" 2>&1 \
    || fail "exam" "$(cat "$T/o")"
export COUNTERPART_PASSPHRASE='people pass 社保'
"$BIN" export --group 一班 --format json,csv,xlsx,pdf -o "$T/s" > "$T/o" 2>&1 || fail "export" "$(cat "$T/o")"

python3 - "$T/s.json" "$T/s.csv" > "$T/py" 2>&1 <<'PY'
import csv, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def pr(name, ok, why=""):
    print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, why)))
ts = d["trainees"]
pr("json: every member of the roster is listed (17)", len(ts) == 17, len(ts))
pr("json: cohort.trainees is 17", d["cohort"]["trainees"] == 17, d["cohort"]["trainees"])
idle = [t["staff_no"] for t in d["cohort"]["not_practised"]]
pr("json: the 15 who did not practise are not_practised", len(idle) == 15 and "03001" not in idle, idle)
pr("json: nobody without a record is below the pass mark",
   not set(idle) & {b["staff_no"] for b in d["cohort"]["below_pass"]}, d["cohort"]["below_pass"])
w = next(t for t in ts if t["staff_no"] == "03001")
modes = [s["mode"] for s in w["sessions"]]
pr("json: 03001 has the practice and the exam session", sorted(modes) == ["exam", "practice"], modes)
pr("json: the practice summary counts the practice session only", w["summary"]["sessions"] == 1, w["summary"])
prac = next(s for s in w["sessions"] if s["mode"] == "practice")
pr("json: practice turns only in the summary",
   w["summary"]["turns"] == sum(1 for u in prac["turns"] if u["counted"]), (w["summary"]["turns"], len(prac["turns"])))
pr("json: the exam run is listed on the trainee", len(w["exam_runs"]) == 1 and "outcome_ok" in w["exam_runs"][0], w["exam_runs"])
pr("json: and on the cohort", [r["staff_no"] for r in d["cohort"]["exam_runs"]] == ["03001"], d["cohort"]["exam_runs"])
r = w["exam_runs"][0]
pr("json: a run passes only with an acceptable ending",
   r["passed"] == (r["percent"] >= r["pass_mark"] and r["complete"] and r["outcome_ok"]) and
   r["min_rating"] == 3 and r["outcome_ok"] == (r["worst_rating"] is not None and r["worst_rating"] >= 3), r)
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline="")))
staff = {row[1] for row in rows[1:] if row and row[0] != "签名"}
pr("csv: a row for each of the 17", len(staff) == 17, len(staff))
rows = [row for row in rows if len(row) >= 13]
idle_rows = [row for row in rows[1:] if row[11] == "未练习"]
pr("csv: 未练习 rows for the 15", len(idle_rows) == 15, len(idle_rows))
exam_cells = [row[12] for row in rows[1:] if row[1] == '="03001"']
pr("csv: the exam run in its own column", exam_cells and all("窗口服务基础" in c for c in exam_cells), exam_cells[:1])
PY
[ $? -eq 0 ] || echo "FAIL json/csv checks: python stopped" >> "$T/py"
cat "$T/py"
grep -q '^FAIL' "$T/py" && fails=$((fails + 1))

pdftotext -layout "$T/s.pdf" "$T/s.txt" 2> /dev/null
sq=$(tr -d ' \t\r\n\f' < "$T/s.txt")
case "$sq" in *学员17人*) pass "pdf: the cohort page says 17 人" ;; *) fail "pdf 17 人" "not found" ;; esac
case "$sq" in *未练习的学员*李娜*) fail "pdf" "李娜 practised" ;; *未练习的学员*张伟（03003）*) pass "pdf: 未练习的学员 lists them" ;; *) fail "pdf 未练习" "list not found" ;; esac
case "$sq" in *考试记录（单独计分，不计入练习得分率）*王晓明*03001*) pass "pdf: exam runs apart on the cohort page" ;; *) fail "pdf runs" "table not found" ;; esac
python3 - "$T/s.xlsx" > "$T/py" 2>&1 <<'PY'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)
print("PASS xlsx: a 考试记录 sheet" if "考试记录" in names else "FAIL xlsx: sheets %r" % names)
print("PASS xlsx: no sheet for those who did not practise" if len(names) == 2 + 1 + 2 else "FAIL xlsx: %d sheets %r" % (len(names), names))
sst = z.read("xl/sharedStrings.xml").decode()
print("PASS xlsx: 未练习 on 汇总" if "未练习" in sst else "FAIL xlsx: no 未练习")
PY
cat "$T/py"
grep -q '^FAIL' "$T/py" && fails=$((fails + 1))
[ $fails -eq 0 ]
