#!/bin/sh
# test_t2s_cache.sh - the scorer's Traditional->Simplified map (engine/scoring/norm.c) cached
# under $XDG_CACHE_HOME/counterpart: a cold start builds it from OpenCC and writes the cache, a
# warm start reads it, COUNTERPART_NO_CACHE builds it without one, a damaged or stale-keyed
# file is rebuilt - and every way grades a Traditional-character reply exactly alike, its
# Traditional words found as their Simplified cues (檔案 for 档案).
# Env: BIN (counterpart binary), ROOT (repo). Prints PASS/FAIL lines; exits non-zero on failure.
set -u
ROOT=${ROOT:-$(pwd)}
BIN=${BIN:-$ROOT/build/counterpart}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
cd "$ROOT" || exit 1
XDG_CACHE_HOME=$T/cache
export XDG_CACHE_HOME
unset COUNTERPART_NO_CACHE
REPLY_TC="您好，請您稍等，我幫您查一下檔案在哪裡。"
grade() { "$BIN" grade --scenario missing_materials --node notice --json "$REPLY_TC"; }

grade >"$T/cold.json" 2>"$T/cold.err"
rc=$?
n=$(ls "$T/cache/counterpart"/t2s-*.bin 2>/dev/null | wc -l)
if [ $rc -eq 0 ] && [ "$n" -eq 1 ]; then pass cold_start_writes_the_cache; else fail cold_start_writes_the_cache "rc=$rc, $n cache files: $(head -2 "$T/cold.err")"; fi
if grep -q '"text":[[:space:]]*"檔案"' "$T/cold.json"; then pass traditional_words_match_simplified_cues; else fail traditional_words_match_simplified_cues "$(head -c 300 "$T/cold.json")"; fi

grade >"$T/warm.json" 2>/dev/null
if cmp -s "$T/cold.json" "$T/warm.json"; then pass warm_start_grades_alike; else fail warm_start_grades_alike "outputs differ"; fi
COUNTERPART_NO_CACHE=1 grade >"$T/none.json" 2>/dev/null
if cmp -s "$T/cold.json" "$T/none.json"; then pass no_cache_grades_alike; else fail no_cache_grades_alike "outputs differ"; fi

# damaged: cut short, then zeros in a pair - both rebuilt, both grade alike
f=$(ls "$T/cache/counterpart"/t2s-*.bin | head -1)
size=$(wc -c <"$f")
head -c 30 "$f" >"$T/short" && cp "$T/short" "$f"
grade >"$T/short.json" 2>/dev/null
if cmp -s "$T/cold.json" "$T/short.json" && [ "$(wc -c <"$f")" -eq "$size" ]; then
    pass short_cache_rebuilt
else
    fail short_cache_rebuilt "size $(wc -c <"$f") (was $size) or outputs differ"
fi
python3 - "$f" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[20:24] = b"\0\0\0\0"   # the first pair zeroed
open(sys.argv[1], "wb").write(bytes(b))
PY
grade >"$T/zero.json" 2>/dev/null
if cmp -s "$T/cold.json" "$T/zero.json" && [ "$(python3 -c "import sys; print(open(sys.argv[1],'rb').read()[20:24] != b'\0\0\0\0')" "$f")" = True ]; then
    pass damaged_cache_rebuilt
else
    fail damaged_cache_rebuilt "outputs differ or the damage stayed"
fi

# an unwritable cache folder: graded all the same, nothing written
rm -rf "$T/cache"
mkdir -p "$T/cache" && : >"$T/cache/counterpart"   # a file where the folder would go
grade >"$T/ro.json" 2>"$T/ro.err"
if [ $? -eq 0 ] && cmp -s "$T/cold.json" "$T/ro.json"; then pass unwritable_cache_skipped; else fail unwritable_cache_skipped "$(head -2 "$T/ro.err")"; fi

[ $fails -eq 0 ]
