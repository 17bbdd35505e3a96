#!/bin/sh
# Tamper evidence from the command line: `key` (made once, 0600, refused when others can read
# it, exported), `sign` on a CSV, JSON, PDF and XLSX made here, `verify` saying valid with the
# fingerprint, naming the changed CSV line / XLSX sheet, a damaged block, another installation's
# key (untrusted unless --key), unsigned files; signed files still read (python csv/json/zipfile,
# pdfinfo/pdftotext). Env: BIN (counterpart binary), ROOT (repo).
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
expect_rc() { [ "$2" = "$3" ] && pass "$1" || fail "$1" "exit $3, want $2"; }
HOME=$T/home; export HOME
unset XDG_DATA_HOME
COUNTERPART_KEY=$T/keys/a/signing.key; export COUNTERPART_KEY

# ---- key ----
"$BIN" key > "$T/k1" 2>&1; expect_rc "key exits 0 (and makes the key)" 0 $?
[ "$(stat -c %a "$COUNTERPART_KEY" 2>/dev/null)" = 600 ] && pass "key file is mode 600" \
    || fail "key file mode" "$(stat -c %a "$COUNTERPART_KEY" 2>&1)"
FP=$(sed -n 's/^指纹 \([0-9a-f]\{16\}\)$/\1/p' "$T/k1")
PUB=$(sed -n 's/^公钥 \(ed25519:[A-Za-z0-9+\/=]\{44\}\)$/\1/p' "$T/k1")
[ -n "$FP" ] && [ -n "$PUB" ] && pass "key prints the public key and a 16-hex fingerprint" || fail "key output" "$(cat "$T/k1")"
"$BIN" key > "$T/k2" 2>&1
cmp -s "$T/k1" "$T/k2" && pass "key is made once and reused" || fail "key reused" "$(cat "$T/k2")"
"$BIN" key --export "$T/pub.txt" > /dev/null 2>&1; expect_rc "key --export exits 0" 0 $?
[ "$(cat "$T/pub.txt")" = "$PUB" ] && pass "exported public key is the key line" || fail "export" "$(cat "$T/pub.txt")"
grep -q "seed" "$T/pub.txt" && fail "export" "secret in the export" || pass "export holds no secret"
chmod 644 "$COUNTERPART_KEY"
"$BIN" key > /dev/null 2> "$T/e"; expect_rc "a key readable by others is refused" 1 $?
grep -q "$COUNTERPART_KEY.*readable by others" "$T/e" && pass "the refusal names the key file" || fail "perm error" "$(cat "$T/e")"
chmod 600 "$COUNTERPART_KEY"
"$BIN" key extra > /dev/null 2>&1; expect_rc "key with a stray argument exits 2" 2 $?

# ---- files to sign ----
printf '\357\273\277姓名,工号,得分\r\n王小明,1001,80\r\n李四,1002,70\r\n' > "$T/s.csv"
printf '{\n  "schema": "counterpart.scoresheet",\n  "trainee": "王小明",\n  "score": 80\n}\n' > "$T/s.json"
python3 - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]
# a minimal one-page PDF with text, offsets computed
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
stream = b"BT /F1 18 Tf 20 40 Td (Score sheet 80) Tj ET"
objs[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
out = bytearray(b"%PDF-1.4\n")
offs = []
for i, o in enumerate(objs):
    offs.append(len(out))
    out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs:
    out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(t + "/s.pdf", "wb").write(out)
with zipfile.ZipFile(t + "/s.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", "<workbook/>")
    z.writestr("xl/worksheets/sheet1.xml", "<sheetData><row><c t='s'><v>0</v></c></row></sheetData>")
    z.writestr("xl/worksheets/sheet2.xml", "<sheetData><row><c><v>80</v></c></row></sheetData>")
PY
for f in s.csv s.json s.pdf s.xlsx; do cp "$T/$f" "$T/orig.$f"; done
"$BIN" sign "$T/s.csv" "$T/s.json" "$T/s.pdf" "$T/s.xlsx" > "$T/o" 2>&1; expect_rc "sign four formats exits 0" 0 $?
[ "$(grep -c "已签名（签名密钥 $FP）" "$T/o")" = 4 ] && pass "sign names the key for each file" || fail "sign output" "$(cat "$T/o")"
"$BIN" verify "$T/s.csv" "$T/s.json" "$T/s.pdf" "$T/s.xlsx" > "$T/o" 2>&1; expect_rc "verify four signed files exits 0" 0 $?
[ "$(grep -c "^$T/s\.[a-z]*: 有效（签名密钥 $FP，签于 20[0-9-]*T[0-9:]*Z）$" "$T/o")" = 4 ] \
    && pass "verify says valid with fingerprint and time" || fail "verify output" "$(cat "$T/o")"

# ---- signed files still read ----
python3 - "$T" > "$T/py" 2>&1 <<'PY'
import csv, json, sys, zipfile
t = sys.argv[1]
rows = list(csv.reader(open(t + "/s.csv", encoding="utf-8-sig", newline="")))
assert rows[0] == ["姓名", "工号", "得分"] and rows[1] == ["王小明", "1001", "80"], rows
assert rows[-1][0] == "签名" and json.loads(rows[-1][1])["key"].startswith("ed25519:"), rows[-1]
d = json.load(open(t + "/s.json", encoding="utf-8"))
assert d["trainee"] == "王小明" and d["signature"]["fmt"] == "json", d
z = zipfile.ZipFile(t + "/s.xlsx")
assert z.testzip() is None and b"80" in z.read("xl/worksheets/sheet2.xml")
sig = z.read("counterpart-signature.xml").decode()
assert z.comment == b"" and z.namelist()[-1] == "counterpart-signature.xml", z.namelist()
assert json.loads(sig[sig.index("{"):sig.rindex("}") + 1])["alg"] == "ed25519", sig
print("ok")
PY
[ "$(cat "$T/py")" = ok ] && pass "signed CSV, JSON and XLSX still read (csv, json, zipfile)" || fail "read back" "$(cat "$T/py")"
if command -v pdfinfo > /dev/null; then
    pdfinfo "$T/s.pdf" > "$T/pi" 2>&1 && grep -q "^Pages: *1" "$T/pi" && pass "pdfinfo reads the signed PDF" || fail "pdfinfo" "$(cat "$T/pi")"
    pdftotext "$T/s.pdf" - 2>&1 | grep -q "Score sheet 80" && pass "pdftotext reads the signed PDF" || fail "pdftotext" "$(pdftotext "$T/s.pdf" - 2>&1 | head -3)"
else
    fail "pdfinfo" "poppler-utils not installed (deps/debian.txt)"
fi

# ---- one-byte edits ----
cp "$T/s.csv" "$T/e.csv"; sed -i 's/王小明,1001,80/王小明,1001,90/' "$T/e.csv"
"$BIN" verify "$T/e.csv" > "$T/o" 2>&1; expect_rc "an edited CSV fails verify" 1 $?
grep -q "^$T/e.csv: 已被修改" "$T/o" && grep -q "^  第 2 行已被修改: 王小明,1001,90$" "$T/o" \
    && pass "verify names the edited CSV line" || fail "csv edit report" "$(cat "$T/o")"
cp "$T/s.json" "$T/e.json"; sed -i 's/"score": 80/"score": 81/' "$T/e.json"
"$BIN" verify "$T/e.json" > "$T/o" 2>&1; expect_rc "an edited JSON fails verify" 1 $?
grep -q '^  第 4 行已被修改: "score": 81$' "$T/o" && pass "verify names the edited JSON line" || fail "json edit report" "$(cat "$T/o")"
cp "$T/s.pdf" "$T/e.pdf"; sed -i 's/Score sheet 80/Score sheet 90/' "$T/e.pdf"
"$BIN" verify "$T/e.pdf" > "$T/o" 2>&1; expect_rc "an edited PDF fails verify" 1 $?
grep -q "对象 4）一带已被修改" "$T/o" && pass "verify names the edited PDF object" || fail "pdf edit report" "$(cat "$T/o")"
python3 - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]
src = zipfile.ZipFile(t + "/s.xlsx")
with zipfile.ZipFile(t + "/e.xlsx", "w") as out:
    for info in src.infolist():
        data = src.read(info.filename)
        if info.filename == "xl/worksheets/sheet2.xml":
            data = data.replace(b"80", b"90")
        out.writestr(info, data)
    out.comment = src.comment
PY
"$BIN" verify "$T/e.xlsx" > "$T/o" 2>&1; expect_rc "a re-saved XLSX with one cell changed fails verify" 1 $?
grep -q "^  工作表 xl/worksheets/sheet2.xml 已被修改$" "$T/o" && ! grep -q "sheet1" "$T/o" \
    && pass "verify names the edited sheet only" || fail "xlsx edit report" "$(cat "$T/o")"
# a flip of one byte at each of several places in each file: never valid
for f in s.csv s.json s.pdf s.xlsx; do
    size=$(stat -c %s "$T/$f"); bad=0
    for pos in 0 5 17 40 $((size / 2)) $((size - 2)); do
        cp "$T/$f" "$T/flip.${f#s.}"
        printf 'Z' | dd of="$T/flip.${f#s.}" bs=1 seek=$pos conv=notrunc 2> /dev/null
        cmp -s "$T/$f" "$T/flip.${f#s.}" && continue
        "$BIN" verify "$T/flip.${f#s.}" > /dev/null 2>&1 && bad=$((bad + 1))
    done
    [ $bad = 0 ] && pass "one-byte edits in $f never verify" || fail "$f flips" "$bad edits verified"
done

# ---- damaged block, unsigned, other installation ----
sed 's/"sig":"\(.\)/"sig":"A\1/' "$T/s.json" | sed 's/"sig":"AA/"sig":"AB/' > "$T/b.json"
"$BIN" verify "$T/b.json" > "$T/o" 2>&1; expect_rc "an altered signature fails verify" 1 $?
grep -q "^$T/b.json: 签名已损坏" "$T/o" && pass "an altered block is reported as damaged" || fail "broken" "$(cat "$T/o")"
"$BIN" verify "$T/orig.s.csv" > "$T/o" 2>&1; expect_rc "an unsigned file fails verify" 1 $?
grep -q "未签名" "$T/o" && pass "unsigned is said" || fail "unsigned" "$(cat "$T/o")"
cp "$T/orig.s.csv" "$T/other.csv"
COUNTERPART_KEY=$T/keys/b.key "$BIN" sign "$T/other.csv" > /dev/null 2>&1
COUNTERPART_KEY=$T/keys/b.key "$BIN" key --export "$T/pub_b.txt" > /dev/null 2>&1
FPB=$(COUNTERPART_KEY=$T/keys/b.key "$BIN" key | sed -n 's/^指纹 //p')
"$BIN" verify "$T/other.csv" > "$T/o" 2>&1; expect_rc "another installation's signature is not trusted" 1 $?
grep -q "签名密钥 $FPB 不受信任" "$T/o" && [ "$FPB" != "$FP" ] && pass "untrusted names the other key's fingerprint" || fail "untrusted" "$(cat "$T/o")"
"$BIN" verify --key "$T/pub_b.txt" "$T/other.csv" > "$T/o" 2>&1; expect_rc "--key FILE trusts that key" 0 $?
"$BIN" verify "$T/other.csv" --key "$(cat "$T/pub_b.txt")" > /dev/null 2>&1; expect_rc "--key ed25519:... trusts that key" 0 $?
"$BIN" verify --key "$T/pub_b.txt" "$T/s.csv" > /dev/null 2>&1; expect_rc "--key replaces the own key" 1 $?
"$BIN" verify --key "$T/s.csv" "$T/s.csv" > /dev/null 2>&1; expect_rc "--key with a file without a key exits 2" 2 $?
"$BIN" verify > /dev/null 2>&1; expect_rc "verify without files exits 2" 2 $?
"$BIN" verify "$T/none.csv" > /dev/null 2> "$T/e"; expect_rc "verify on a missing file exits 1" 1 $?
grep -q "$T/none.csv" "$T/e" && pass "the missing file is named" || fail "missing" "$(cat "$T/e")"

# ---- sign twice, re-sign after a deliberate edit ----
"$BIN" sign "$T/s.csv" > /dev/null 2> "$T/e"; expect_rc "signing a signed file is refused" 1 $?
cmp -s "$T/s.csv" "$T/e.csv" && fail "resign" "setup" || true
"$BIN" sign --resign "$T/e.csv" > /dev/null 2>&1; expect_rc "sign --resign exits 0" 0 $?
"$BIN" verify "$T/e.csv" > /dev/null 2>&1; expect_rc "a re-signed file verifies" 0 $?
[ "$(grep -c '^签名,' "$T/e.csv")" = 1 ] && pass "re-signing leaves one signature row" || fail "resign rows" "$(grep -c '^签名,' "$T/e.csv")"
printf 'just text\n' > "$T/x.txt"
"$BIN" sign "$T/x.txt" > /dev/null 2>&1; expect_rc "sign refuses an unknown format" 1 $?

# ---- small blocks, legacy blocks, files of any size ----
# A real group export: the signature is a few hundred bytes (16 group hashes, not one per line)
DB=$T/r.db; export COUNTERPART_DB="$DB"
printf '姓名,工号,班组\n王小明,1001,一班\n李四,1002,一班\n' > "$T/roster.csv"
"$BIN" trainee import "$T/roster.csv" > /dev/null 2>&1
printf '您好，请问您今天办理什么业务？\n材料还差一份，我一次跟您说清楚。\n' > "$T/rep.txt"
"$BIN" practice missing_materials --trainee 1001 --replies "$T/rep.txt" > /dev/null 2>&1
"$BIN" export --group 一班 --format csv,pdf,json -o "$T/sheet" > /dev/null 2>&1
for f in csv pdf json; do
    [ -s "$T/sheet.$f" ] || { fail "export $f" "no file"; continue; }
    "$BIN" verify "$T/sheet.$f" > /dev/null 2>&1; expect_rc "exported $f verifies" 0 $?
done
n=$(tail -n 1 "$T/sheet.pdf" | wc -c)
[ "$n" -lt 600 ] && pass "the PDF signature comment is $n bytes (< 600)" || fail "pdf block size" "$n bytes"
n=$(tail -n 1 "$T/sheet.csv" | wc -c)
[ "$n" -lt 600 ] && pass "the CSV signature row is $n bytes, one cell (< 600)" || fail "csv block size" "$n bytes"
python3 - "$T/sheet.csv" > "$T/o" 2>&1 <<'PY' && pass "the CSV signature is one cell of the last row" || fail "csv cell" "$(cat "$T/o")"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert rows[-1][0] == "签名" and len(rows[-1]) == 2 and len(rows[-1][1]) < 32767, rows[-1][:1]
PY
unset COUNTERPART_DB
# A file signed by an earlier version (one hash per line, "v":1) still verifies and is located
cp tests/fixtures/sign/legacy_v1.csv "$T/l.csv"
"$BIN" verify --key tests/fixtures/sign/legacy_v1.pub "$T/l.csv" > "$T/o" 2>&1; expect_rc "a version 1 signature still verifies" 0 $?
sed -i 's/1001,80/1001,90/' "$T/l.csv"
"$BIN" verify --key tests/fixtures/sign/legacy_v1.pub "$T/l.csv" > "$T/o" 2>&1
grep -q "^  第 2 行已被修改: 王小明,1001,90" "$T/o" && pass "an edit under a version 1 signature is named" || fail "legacy edit" "$(cat "$T/o")"
# verify streams: a signed CSV of over 100 MiB verifies with a peak memory far below its size
if [ -x /usr/bin/time ]; then
    python3 - "$T/big.csv" <<'PY'
import sys
line = ("王小明%07d,%07d,一班,80.5,倾听与开放式提问,达标\r\n")
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    f.write("姓名,工号,班组,得分,评分项,结果\r\n")
    for i in range(0, 1700000):
        f.write(line % (i, i))
PY
    "$BIN" sign "$T/big.csv" > /dev/null 2>&1; expect_rc "a CSV of over 100 MiB is signed" 0 $?
    size=$(wc -c < "$T/big.csv")
    /usr/bin/time -f '%M' -o "$T/rss" "$BIN" verify "$T/big.csv" > "$T/o" 2>&1; expect_rc "the big CSV verifies" 0 $?
    rss=$(tail -n 1 "$T/rss")
    [ "$rss" -lt $((size / 1024 / 3)) ] && pass "verify's peak memory ${rss} KiB for a $((size / 1048576)) MiB file" \
        || fail "verify memory" "${rss} KiB for $size bytes"
    printf 'x' | dd of="$T/big.csv" bs=1 seek=$((size / 2)) conv=notrunc 2> /dev/null
    "$BIN" verify "$T/big.csv" > "$T/o" 2>&1; expect_rc "one byte changed in the middle fails verify" 1 $?
    grep -q "行一带已被修改" "$T/o" && pass "the group of lines around it is named" || fail "big edit" "$(cat "$T/o")"
    rm -f "$T/big.csv"
else
    fail "/usr/bin/time" "not installed (deps/debian.txt: time)"
fi

[ $fails -eq 0 ]
