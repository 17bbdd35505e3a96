#!/bin/sh
# The PDF score sheet read back with poppler: the fixture documents are rendered by the unit test
# binary's --render mode (build/.../tests/test_export_pdf), then pdftotext must find every
# trainee's name and 工号, the Chinese headers, the scores as printed, each override's 改判 marker
# and reason, the signature lines and the footer; pdfinfo the page count (a page per trainee plus
# the cohort page), A4 and the metadata; pdffonts an embedded CJK font; pdftoppm must render it.
# A document with a missing member is refused with its JSON path and no file is written. End to
# end (a CLI-made database): a trainee who never answered is on the cohort page under 无作答记录,
# not in the below-pass table, and the header's pass/fail counts leave them out.
# Env: BIN (counterpart binary; its folder holds tests/), ROOT (repo). Needs python3, poppler-utils.
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
R="$(dirname "$BIN")/tests/test_export_pdf"
for tool in pdftotext pdfinfo pdffonts pdftoppm python3; do
    command -v $tool > /dev/null 2>&1 || { fail "$tool is installed" "missing (poppler-utils)"; exit 1; }
done
[ -x "$R" ] || { fail "test_export_pdf is built" "no $R"; exit 1; }
export TZ=UTC

# Text with every whitespace removed: pdftotext -layout pads columns and wraps long lines.
squeeze() { tr -d ' \t\r\n\f' < "$1"; }
# has NAME FILE NEEDLE: FILE (squeezed) contains NEEDLE (squeezed).
has() {
    n=$(printf '%s' "$3" | tr -d ' \t\r\n')
    case "$(squeeze "$2")" in
        *"$n"*) pass "$1" ;;
        *) fail "$1" "\"$3\" not in the extracted text" ;;
    esac
}

for fx in two many; do
    DOC=tests/fixtures/scoresheet_$fx.json
    PDF="$T/$fx.pdf"
    if "$R" --render "$DOC" "$PDF" 2> "$T/err"; then pass "$fx: renders"; else
        fail "$fx: renders" "$(cat "$T/err")"; continue; fi
    pdftotext -layout "$PDF" "$T/$fx.txt" 2> "$T/err" || fail "$fx: pdftotext" "$(cat "$T/err")"
    TXT="$T/$fx.txt"

    # expected values from the document itself, one "kind<TAB>text" per line
    python3 - "$DOC" > "$T/$fx.want" << 'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print("pages\t%d" % (len(d["trainees"]) + (1 if len(d["trainees"]) > 1 else 0)))
print("label\t%s" % d["selection"]["label"])
print("assessor\t%s" % d["assessor"])
exam_kind = d["selection"]["kind"] in ("exam", "run")
any_runs = exam_kind or any(t["exam_runs"] for t in d["trainees"])
print("cohort_title\t社保服务沟通%s成绩汇总" % ("考核" if any_runs else "练习"))
n_exam = sum(1 for t in d["trainees"] if exam_kind or t["exam_runs"])
print("titles\t社保服务沟通考核成绩单 %d" % n_exam)
print("titles\t社保服务沟通练习成绩单 %d" % (len(d["trainees"]) - n_exam))
for t in d["trainees"]:
    for r in t["exam_runs"]:
        print("run\t考试%s" % r["title"])
    print("name\t%s" % t["name"])
    print("staff\t工号%s" % t["staff_no"])
    print("percent\t%.1f%%" % t["summary"]["percent"])
    print("verdict\t%s%s" % ("%.1f%%" % t["summary"]["percent"], "通过" if t["summary"]["passed"] else "未通过"))
    for s in t["sessions"]:
        print("session\t（%.1f%%）" % s["percent"])
        for turn in s["turns"]:
            for c in turn["criteria"]:
                if c["override"]:
                    print("why\t理由：%s" % c["override"]["why"])
for b in d["cohort"]["below_pass"]:
    print("below\t%s%s%.1f%%" % (b["name"], b["staff_no"], b["percent"]))
EOF
    PAGES=$(awk -F'\t' '$1 == "pages" { print $2 }' "$T/$fx.want")

    while IFS="$(printf '\t')" read -r kind want; do
        case $kind in
            name) has "$fx: trainee name $want" "$TXT" "姓名$want" ;;
            staff) has "$fx: $want" "$TXT" "$want" ;;
            percent) has "$fx: score $want printed" "$TXT" "$want" ;;
            session) has "$fx: scenario score $want printed" "$TXT" "$want" ;;
            why) has "$fx: override reason printed" "$TXT" "$want" ;;
            below) has "$fx: cohort lists $want below the pass mark" "$TXT" "$want" ;;
            assessor) has "$fx: assessor $want" "$TXT" "考官$want" ;;
            titles) # first pages of sheets carry the title; continuation pages add （续）
                t=${want% *} n=${want#* }
                all=$(squeeze "$TXT" | grep -o "$t" | wc -l)
                cont=$(squeeze "$TXT" | grep -o "$t（续）" | wc -l)
                [ $((all - cont)) -eq "$n" ] && pass "$fx: $n sheets titled $t" \
                    || fail "$fx: sheets titled $t" "$((all - cont)) found, want $n" ;;
            run) has "$fx: exam run line $want" "$TXT" "$want" ;;
            cohort_title) [ "$PAGES" -gt 1 ] && has "$fx: cohort page title" "$TXT" "$want" ;;
        esac
    done < "$T/$fx.want"

    for h in 评分项 达标/考核 达标率 证据摘录 评分项达标率 情景与群众好差评 \
             好差评 考官评语与改判 评语 考官签字 学员签字 "counterpart verify"; do
        has "$fx: header $h" "$TXT" "$h"
    done
    # a sheet runs over several pages now that it holds every reply (作答明细): at least one page
    # per trainee and the cohort page; the footers count what pdfinfo counts
    MINPAGES=$PAGES
    PAGES=$(pdfinfo "$PDF" 2> /dev/null | awk '/^Pages:/ { print $2 }')
    [ "${PAGES:-0}" -ge "$MINPAGES" ] && pass "$fx: at least $MINPAGES pages ($PAGES)" || fail "$fx: pages" "$PAGES < $MINPAGES"
    has "$fx: footer numbers the pages" "$TXT" "第1/${PAGES}页"
    has "$fx: footer of the last page" "$TXT" "第${PAGES}/${PAGES}页"
    has "$fx: every reply in 作答明细" "$TXT" "作答明细"
    n=$(grep -c '【改判】' "$TXT")
    nwhy=$(grep -c '^why' "$T/$fx.want")
    [ "$n" -ge 1 ] && [ "$nwhy" -ge 1 ] && pass "$fx: criteria table marks the overridden criterion 【改判】" \
        || fail "$fx: 【改判】 marker" "$n markers for $nwhy overrides"
    grep -q '原判.*→.*改判' "$TXT" && pass "$fx: override shows 原判 → 改判" || fail "$fx: 原判 → 改判" "not found"
    if [ "$PAGES" -gt 1 ]; then
        has "$fx: cohort table headers" "$TXT" "评分项人数平均标准差最低最高"
        has "$fx: weakest criteria" "$TXT" "最薄弱的评分项"
    fi

    pdfinfo "$PDF" > "$T/info" 2>&1
    got=$(awk '/^Pages:/ { print $2 }' "$T/info")
    [ "$got" = "$PAGES" ] && pass "$fx: pdfinfo counts $PAGES pages" || fail "$fx: page count" "pdfinfo says $got, want $PAGES"
    grep -q '^Page size: *595.28 x 841.89 pts (A4)' "$T/info" && pass "$fx: A4 portrait" \
        || fail "$fx: A4" "$(grep 'Page size' "$T/info")"
    label=$(awk -F'\t' '$1 == "label" { print $2 }' "$T/$fx.want")
    grep -q "^Title: .*$label" "$T/info" && pass "$fx: metadata title names the selection" \
        || fail "$fx: title" "$(grep '^Title' "$T/info")"
    grep -q '^Creator: *counterpart' "$T/info" && pass "$fx: metadata creator" || fail "$fx: creator" "$(grep Creator "$T/info")"
    grep -q '^CreationDate: .*2026' "$T/info" && pass "$fx: metadata creation date" \
        || fail "$fx: creation date" "$(grep CreationDate "$T/info")"

    pdffonts "$PDF" > "$T/fonts" 2>&1
    awk 'NR > 2 && /WenQuanYi/ && $(NF-4) == "yes"' "$T/fonts" | grep -q . && pass "$fx: a CJK font is embedded" \
        || fail "$fx: embedded CJK font" "$(cat "$T/fonts")"

    if pdftoppm -r 40 -png -f 1 -l 1 "$PDF" "$T/shot" 2> "$T/err" && [ -s "$T/shot-1.png" ]; then
        pass "$fx: pdftoppm renders page 1"
    else
        fail "$fx: pdftoppm" "$(cat "$T/err")"
    fi
done

# A member the renderer relies on is missing: refused, named by its JSON path, nothing written.
python3 - tests/fixtures/scoresheet_two.json "$T/bad.json" << 'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
del d["trainees"][1]["sessions"][0]["rating_name"]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
"$R" --render "$T/bad.json" "$T/bad.pdf" 2> "$T/err"
rc=$?
[ $rc -eq 1 ] && pass "missing member: exit 1" || fail "missing member: exit 1" "exit $rc"
grep -q 'trainees\[1\].sessions\[0\].rating_name' "$T/err" && pass "missing member: the error names its JSON path" \
    || fail "missing member: path" "$(cat "$T/err")"
[ ! -e "$T/bad.pdf" ] && pass "missing member: no file written" || fail "missing member: file" "bad.pdf exists"

# ---- End to end: a trainee with no answered turn is not reported as a fail ----
# A database made with the CLI: 王晓明 answers well, 赵丽 answers rudely (below the pass mark),
# 孙静 opens a session and never answers. The cohort page lists 孙静 under 无作答记录 and not in
# the below-pass table; 赵丽 stays in it.
DB="$T/nr.db"
export COUNTERPART_KEY="$T/sign.key"
# The same sheet as before the renderer was made faster (issue 17): the text of the fixture class
# (tests/fixtures/scoresheet_class.json: a CLI-made 二班 - hints, a retry, overrides, twice on one
# criterion, classroom turns at others' keyboards, a member with a session and no reply, one who
# never practised - plus a reply the timer submitted and an exam run with a resume) as the
# renderer of commit 29b130a printed it: in full for the class (two passes, 作答明细), by SHA-256
# for the class repeated to 72 trainees (one pass, 作答明细) and to 264 (one pass, session lines
# only; class_copies.py). A change to what the sheet says must update these on purpose: render
# with the older build's test_export_pdf --render and compare before replacing them.
CLASS=tests/fixtures/scoresheet_class.json
for n in 6:tests/fixtures/scoresheet_class.pdf.txt \
         72:2665d4a6e22135a686aabaef021c8b984292b8ecc13104044aac204103968a63 \
         264:77f02f664470d234980b920f9b88802209d95a6885d4012f65e206b6833fef09; do
    want=${n#*:}
    n=${n%%:*}
    python3 tests/export/class_copies.py "$CLASS" "$n" "$T/class$n.json" 2> "$T/err" ||
        { fail "class x$n: copies" "$(cat "$T/err")"; continue; }
    if ! "$R" --render "$T/class$n.json" "$T/class$n.pdf" 2> "$T/err" ||
        ! pdftotext "$T/class$n.pdf" "$T/class$n.txt" 2>> "$T/err"; then
        fail "class x$n: renders" "$(cat "$T/err")"; continue
    fi
    case $want in
        tests/*)
            if cmp -s "$want" "$T/class$n.txt"; then
                pass "class of $n: the PDF's text is the one before (line for line)"
            else
                fail "class of $n: the PDF's text" "differs from $want: $(diff "$want" "$T/class$n.txt" | head -c 600)"
            fi ;;
        *)
            got=$(sha256sum < "$T/class$n.txt" | cut -d' ' -f1)
            [ "$got" = "$want" ] && pass "class of $n: the PDF's text is the one before (SHA-256)" ||
                fail "class of $n: the PDF's text" "SHA-256 $got, want $want" ;;
    esac
done

unset COUNTERPART_DB COUNTERPART_PASSPHRASE COUNTERPART_NEW_PASSPHRASE
RP=scenarios/replies/missing_materials
: > "$T/noreply.txt"
printf '不知道，你自己去查。\n不知道，你自己去查。\n不知道，你自己去查。\n' > "$T/rude.txt"
ok=1
for step in "trainee add 王晓明 2001 一班" "trainee add 赵丽 2002 一班" "trainee add 孙静 2003 一班" \
        "practice missing_materials --trainee 2001 --replies $RP/resolved.txt" \
        "practice missing_materials --trainee 2002 --replies $T/rude.txt" \
        "practice missing_materials --trainee 2003 --replies $T/noreply.txt" \
        "export --group 一班 --format json,pdf -o $T/nr --assessor 王老师"; do
    # shellcheck disable=SC2086
    if ! "$BIN" $step --db "$DB" > "$T/o" 2> "$T/err"; then
        fail "no record: $step" "$(head -c 300 "$T/err")"; ok=0; break
    fi
done
if [ $ok = 1 ]; then
    python3 - "$T/nr.json" > "$T/nr.check" << 'EOF2'
import json, sys
co = json.load(open(sys.argv[1], encoding="utf-8"))["cohort"]
print("PASS no record: JSON below_pass holds 赵丽 only" if [b["staff_no"] for b in co["below_pass"]] == ["2002"]
      else "FAIL no record: JSON below_pass: %r" % co["below_pass"])
print("PASS no record: JSON no_record holds 孙静" if [b["staff_no"] for b in co.get("no_record", [])] == ["2003"]
      else "FAIL no record: JSON no_record: %r" % co.get("no_record"))
EOF2
    cat "$T/nr.check"
    fails=$((fails + $(grep -c '^FAIL' "$T/nr.check")))
    pdftotext -layout "$T/nr.pdf" "$T/nrc.txt" 2> "$T/err" || fail "no record: pdftotext" "$(cat "$T/err")"
    # the cohort page(s) come last, titled 成绩汇总 (the trainees' sheets are 成绩单)
    C=$(squeeze "$T/nrc.txt")
    C=${C#*社保服务沟通练习成绩汇总}
    below=${C#*未达及格线（60%）的学员}
    below=${below%%无作答记录的学员*}
    rest=${C#*无作答记录的学员}
    case "$C" in
        *"未达及格线（60%）的学员"*"无作答记录的学员（未计入均值与不及格名单）孙静（2003）"*)
            pass "no record: the cohort page lists 孙静（2003） under 无作答记录, after the below-pass table" ;;
        *) fail "no record: 无作答记录 heading" "not found after the below-pass table: $C" ;;
    esac
    case "$below" in
        *赵丽2002*) pass "no record: 赵丽 (answered, below the mark) is in the below-pass table" ;;
        *) fail "no record: below-pass table" "赵丽 missing: $below" ;;
    esac
    case "$below" in
        *孙静*|*2003*) fail "no record: below-pass table" "孙静 is listed as a fail: $below" ;;
        *) pass "no record: 孙静 is not in the below-pass table" ;;
    esac
    case "$rest" in
        *赵丽*) fail "no record: no-record list" "赵丽 listed as no record: $rest" ;;
        *) pass "no record: 赵丽 is not in the no-record list" ;;
    esac
    case "$C" in
        *"学员3人"*"通过1人未通过1人"*"无作答记录1人"*) pass "no record: the cohort header counts 1 pass, 1 fail, 1 no record" ;;
        *) fail "no record: cohort header" "$(printf '%s' "$C" | head -c 400)" ;;
    esac
fi

[ $fails -eq 0 ]
