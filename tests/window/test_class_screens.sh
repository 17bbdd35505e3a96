#!/bin/sh
# test_class_screens.sh - every classroom screen fits at 1280x800 (projector theme off, F9), at
# projector scale (the classroom's default) and full screen on a 1920x1080 projector: a class of
# three (and another class) imported, F7 before anyone answers (locked, then unlocked: nothing to
# summarise, every member named), F5 at the opening and at the next turn scrolled through, a
# reply, F6 with ↓ through the criteria and Enter on the highlighted one (the override form),
# F7 again, the room (F12: every member's row whole). Checked through the text the window drew beside each screenshot
# (COUNTERPART_SHOT_TEXT; tests/window/class_screens.py): whole lines, every criterion, no
# internal ids, no 「略」, the counts; plus the fullscreen frame's pixels (no black band).
# Env: BIN, ROOT; KEEP_SHOTS=DIR keeps the screenshots. Prints PASS/FAIL/SKIP lines.
set -u
ROOT=${ROOT:-$(pwd)}
BIN=${BIN:-$ROOT/build/counterpart}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS
unset COUNTERPART_DB COUNTERPART_PASSPHRASE
export COUNTERPART_SCENARIOS="$ROOT/scenarios" COUNTERPART_RUBRICS="$ROOT/scenarios/rubrics"
export COUNTERPART_KEY="$T/key/signing.key" COUNTERPART_SHOT_TEXT=1

# what the screens must show, from the command line's own views of the scenario
printf '/quit\n' | "$BIN" play missing_materials --tty > "$T/tty" 2>&1
for n in opening story; do
    "$BIN" grade --scenario missing_materials --node $n --json "好的" > "$T/crit-$n.json" 2>&1 ||
        fail setup "grade $n: $(cat "$T/crit-$n.json")"
done
python3 - "$T" > "$T/expect.json" <<'PY' || fail setup "expectations"
import json, re, sys
t = sys.argv[1]
lines = open(t + "/tty", encoding="utf-8").read().splitlines()
i = max(k for k, l in enumerate(lines) if re.match(r"^\S.*（.*）\s+\[", l))
citizen = lines[i + 1].strip()
choices = [re.sub(r"^#\d+\s+", "", l.strip()) for l in lines[i + 2:] if re.match(r"^\s+#\d+ ", l)]
crit = {n: [c["name"] for c in json.load(open("%s/crit-%s.json" % (t, n)))["criteria"]]
        for n in ("opening", "story")}

print(json.dumps({"opening": {"citizen": citizen, "choices": choices}, "crit": crit,
                  "members": ["王小明", "李华", "赵敏"], "trainer": "王老师", "group": "一班",
                  "nodes": ["opening", "story", "notice", "doubt", "archive", "wrapup"]},
                 ensure_ascii=False))
PY
printf '姓名,工号,班组\n王小明,1001,一班\n李华,1002,一班\n赵敏,1005,一班\n张伟,1004,二班\n刘洋,1006,二班\n' > "$T/roster.csv"
printf 'correct horse 社保\n' > "$T/pass"
R="$ROOT/scenarios/replies/missing_materials/resolved.txt"
L() { sed -n "${1}p" "$R"; }
script() {   # $1: extra first line
    {
        [ -n "$1" ] && echo "$1"
        cat <<SCRIPT
!f7
!type correct horse 社保
!enter
!esc
!f5
!pgdn
!pgdn
!esc
$(L 1)
!enter
!f5
!pgdn
!pgdn
!pgdn
!esc
!type 您是说前两次每回只说缺一样，让您白跑了三趟，对吗？这是我们没讲清楚，对不起。今天我一次给您列全。
!enter
!f6
!down
!down
!down
!enter
!esc
!esc
!f7
!esc
!f12
!pgdn
!esc
SCRIPT
    }
}
# one run: $1 name, $2 WxH of the X screen, $3 extra first script line, $4.. play options
run_size() {
    name=$1 size=$2 first=$3
    shift 3
    if ! command -v Xvfb > /dev/null 2>&1; then
        echo "SKIP class_screens_$name: no Xvfb"
        return
    fi
    rm -f "$T/dpy"
    Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp 3> "$T/dpy" 2> /dev/null &
    xp=$!
    i=0
    while [ ! -s "$T/dpy" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    DB="$T/$name.db"
    "$BIN" trainee import "$T/roster.csv" --db "$DB" > /dev/null 2>&1 || fail "$name roster" "import"
    "$BIN" passphrase set --db "$DB" --new-file "$T/pass" > /dev/null 2>&1 || fail "$name pass" "set"
    script "$first" > "$T/$name.txt"
    DISPLAY=:$(cat "$T/dpy") timeout 120 "$BIN" play missing_materials --mode classroom --db "$DB" \
        --group 一班 --by 王老师 --export-dir "$T/out" --script "$T/$name.txt" \
        --screenshot "$T/$name" "$@" > "$T/o" 2> "$T/e"
    rc=$?
    kill $xp 2> /dev/null
    wait $xp 2> /dev/null
    [ $rc = 0 ] && pass "${name}_run" || fail "${name}_run" "exit $rc: $(head -3 "$T/e")"
    w=${size%x*} h=${size#*x}
    python3 "$ROOT/tests/window/class_screens.py" "$T/$name" "$T/expect.json" "$w" "$h" |
        sed "s/^\(PASS\|FAIL\) /\1 ${name}_/" > "$T/res"
    cat "$T/res"
    fails=$((fails + $(grep -c '^FAIL' "$T/res")))
    if [ -n "${KEEP_SHOTS:-}" ]; then
        mkdir -p "$KEEP_SHOTS/$name"
        cp "$T/$name"/*.png "$KEEP_SHOTS/$name/"
    fi
}
run_size 1280x800 1280x800 '!f9'
run_size projector 1280x800 ''
run_size 1920x1080 1920x1080 '' --fullscreen
# full screen: the whole frame drawn (no black band at the top or the left; stray pixels would
# be black too)
f=$(ls "$T/1920x1080"/*-class-discuss.png 2> /dev/null | head -1)
if [ -n "$f" ]; then
    n=$(python3 "$ROOT/tests/window/pngcheck.py" count "$f" 000000 8 0 0 1 0.5)
    [ "${n:-1}" -lt 50 ] && pass "fullscreen_frame_has_no_black_band" || fail "fullscreen black band" "$n black pixels"
fi
# F11 from a window: the frame covers the display (moved and sized, no window manager needed)
if command -v Xvfb > /dev/null 2>&1; then
    rm -f "$T/dpy"
    Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3> "$T/dpy" 2> /dev/null &
    xp=$!
    i=0
    while [ ! -s "$T/dpy" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    printf '!f11\n' > "$T/f11.txt"
    DISPLAY=:$(cat "$T/dpy") timeout 60 "$BIN" play missing_materials --script "$T/f11.txt" \
        --screenshot "$T/f11" > /dev/null 2>&1
    kill $xp 2> /dev/null
    wait $xp 2> /dev/null
    f=$(ls "$T/f11"/*.png 2> /dev/null | tail -1)
    sz=$(python3 "$ROOT/tests/window/pngcheck.py" size "${f:-none}" 2> /dev/null)
    n=$(python3 "$ROOT/tests/window/pngcheck.py" count "${f:-none}" 000000 8 0 0 1 1 2> /dev/null)
    [ "$sz" = "1920 1080" ] && [ "${n:-1}" -lt 50 ] && pass "f11_covers_the_display" \
        || fail "f11" "size '$sz', $n black pixels"
fi
exit $fails
