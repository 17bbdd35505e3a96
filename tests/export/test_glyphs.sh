#!/bin/sh
# Every character a score sheet can print draws, in every PDF reader: a test document holding
# the characters of the scenarios, the rubrics, the program's own strings and every character a
# roster can bring (all of GBK; tests/export/glyph_doc.py) is rendered, then
#   - pdffonts: every embedded face is TrueType (or cairo's own outline fonts for synthetic bold,
#     CairoFont-*): never a CFF subset of a system font, which cairo 1.16 damages;
#   - MuPDF (mutool draw) and Ghostscript draw every page without a warning or repair message;
#   - pdftotext finds every character;
# and the same for a sheet the CLI exports from a roster. Env: BIN, ROOT. Needs python3,
# poppler-utils, mupdf-tools, ghostscript (deps/debian.txt).
set -u
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
R="$(dirname "$BIN")/tests/test_export_pdf"
for tool in pdftotext pdffonts mutool gs python3; do
    command -v $tool > /dev/null 2>&1 || { fail "$tool is installed" "missing (deps/debian.txt)"; exit 1; }
done
export TZ=UTC

# readers NAME PDF: every embedded face clean, MuPDF and Ghostscript quiet on every page
readers() {
    pdffonts "$2" > "$T/fonts" 2>&1
    bad=$(awk 'NR > 2 && $1 !~ /\+CairoFont-/ && ($0 ~ /Type 0C/ || $0 ~ /Type 1C/ || $0 ~ /Type 1 /)' "$T/fonts")
    [ -z "$bad" ] && pass "$1: every embedded face is TrueType" || fail "$1: fonts" "$bad"
    mutool draw -q -r 30 -o "$T/mu-%d.pgm" "$2" > "$T/mu" 2>&1
    rc=$?
    grep -v -e '^page ' -e 'ICC support is not available' "$T/mu" > "$T/mu.bad"
    [ $rc -eq 0 ] && [ ! -s "$T/mu.bad" ] && pass "$1: MuPDF draws every page without a warning" \
        || fail "$1: mutool draw" "rc $rc: $(head -5 "$T/mu.bad")"
    gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pgmraw -r30 -o /dev/null "$2" > "$T/gs" 2>&1
    rc=$?
    [ $rc -eq 0 ] && [ ! -s "$T/gs" ] && pass "$1: Ghostscript draws every page without a warning" \
        || fail "$1: gs" "rc $rc: $(head -5 "$T/gs")"
    rm -f "$T"/mu-*.pgm
}

python3 tests/export/glyph_doc.py "$T/doc.json" "$T/chars.txt" || { fail "glyph document" "python"; exit 1; }
if "$R" --render "$T/doc.json" "$T/glyphs.pdf" 2> "$T/err"; then pass "the character test sheet renders"; else
    fail "render" "$(cat "$T/err")"; exit 1; fi
readers "every character" "$T/glyphs.pdf"
pdftotext "$T/glyphs.pdf" "$T/glyphs.txt"
python3 - "$T/chars.txt" "$T/glyphs.txt" > "$T/o" 2>&1 <<'PY' && pass "pdftotext finds all $(wc -m < "$T/chars.txt") characters" || fail "characters" "$(cat "$T/o")"
import sys
want = set(open(sys.argv[1], encoding="utf-8").read()) - set(" \n\u3000")
got = set(open(sys.argv[2], encoding="utf-8").read())
miss = sorted(want - got)
if miss:
    print(len(miss), "missing:", "".join(miss[:80]), [hex(ord(c)) for c in miss[:10]])
    sys.exit(1)
PY
# the line that lost its 如 under the CFF subsetter
grep -q "说明如何调查" "$T/glyphs.txt" 2> /dev/null || python3 -c "
import sys; t=open(sys.argv[1],encoding='utf-8').read(); sys.exit(0 if '如' in t else 1)" "$T/glyphs.txt" \
    && pass "如 is on the page" || fail "如" "not extracted"
# a family that is not TrueType (or not installed) is refused, not silently replaced
"$R" --render "$T/doc.json" "$T/noto.pdf" "Noto Sans CJK SC" > /dev/null 2> "$T/err"
[ $? -ne 0 ] && grep -q "TrueType" "$T/err" && [ ! -s "$T/noto.pdf" ] \
    && pass "a CFF face (Noto Sans CJK) is refused with the reason" || fail "cff refused" "$(cat "$T/err")"

# ---- a sheet the CLI exports from a roster, with a reply that holds 如何 ----
DB=$T/r.db; export COUNTERPART_DB="$DB"
HOME=$T/home; export HOME; unset XDG_DATA_HOME
COUNTERPART_KEY=$T/key; export COUNTERPART_KEY
printf '姓名,工号,班组\n欧阳如意,1001,一班\n龘靐齉,1002,一班\n' > "$T/roster.csv"
"$BIN" trainee import "$T/roster.csv" > /dev/null 2>&1
printf '您好，请问您想了解如何办理？\n我来说明如何调查，材料一次跟您说清楚。\n' > "$T/rep.txt"
"$BIN" practice missing_materials --trainee 1001 --replies "$T/rep.txt" > /dev/null 2>&1
"$BIN" practice missing_materials --trainee 1002 --replies "$T/rep.txt" > /dev/null 2>&1
if "$BIN" export --group 一班 --format pdf -o "$T/sheet.pdf" > "$T/o" 2>&1; then
    pass "the group sheet exports"
    readers "exported sheet" "$T/sheet.pdf"
    pdftotext "$T/sheet.pdf" - | grep -q "欧阳如意" && pass "the roster's names print" || fail "names" "not extracted"
else
    fail "export" "$(cat "$T/o")"
fi
[ $fails -eq 0 ]
