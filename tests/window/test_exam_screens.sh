#!/bin/sh
# test_exam_screens.sh - the exam in the window at 1280x800, at projector scale and full screen
# on 1920x1080, checked through the text the window drew beside each screenshot
# (COUNTERPART_SHOT_TEXT): while the exam runs no meter (情绪/信任), score or criterion is shown;
# the result screen is what an assessor files - the scenario by its title and its ending's title
# (never an id), the rating, the score and the reply the timer submitted, the assessor, the date
# and the duration, pass or fail against the mark - with nothing cut and no command for the
# examinee to run.
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
unset COUNTERPART_PASSPHRASE
export COUNTERPART_SCENARIOS="$ROOT/tests/window" COUNTERPART_RUBRICS="$ROOT/scenarios/rubrics"
export COUNTERPART_SHOT_TEXT=1
if ! command -v Xvfb > /dev/null 2>&1; then
    echo "SKIP exam_screens: no Xvfb"
    exit 0
fi
printf 'assessor-one\n' > "$T/pass"
cat > "$T/exam.txt" <<'S'
周考官
assessor-one
!type 您好，我看看
!wait 3800
您放心，我这就帮您看。
S
run_size() {   # $1 name, $2 WxH, $3.. play options
    name=$1 size=$2
    shift 2
    export COUNTERPART_DB="$T/$name.db"
    "$BIN" trainee add 王小明 1001 一班 > /dev/null 2>&1
    "$BIN" passphrase set --new-file "$T/pass" > /dev/null 2>&1
    rm -f "$T/dpy"
    Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp 3> "$T/dpy" 2> /dev/null &
    xp=$!
    i=0
    while [ ! -s "$T/dpy" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    DISPLAY=:$(cat "$T/dpy") timeout 120 "$BIN" play --trainee 1001 \
        --exam "$ROOT/tests/fixtures/exam_tiny.lua" --script "$T/exam.txt" --screenshot "$T/$name" \
        "$@" > "$T/o" 2> "$T/e"
    rc=$?
    kill $xp 2> /dev/null
    wait $xp 2> /dev/null
    [ $rc = 0 ] && pass "${name}_exam_run" || fail "${name}_exam_run" "exit $rc: $(head -3 "$T/e")"
    python3 - "$T/$name" "${size%x*}" "${size#*x}" "$name" > "$T/res" <<'PY'
import os, sys
d, W, H, name = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
fails = 0
def check(n, ok, why=""):
    global fails
    print(("PASS %s_%s" % (name, n)) if ok else ("FAIL %s_%s: %s" % (name, n, why)))
    fails += 0 if ok else 1
def load(p):
    out = []
    for ln in open(p, encoding="utf-8"):
        if ln.startswith("# "):
            size = ln.split()
            continue
        h, t = ln.rstrip("\n").split("\t", 1)
        v, f, x, y, w, hh = h.split()
        out.append((v == "V", "".join(t.split()), (int(x), int(y), int(w), int(hh))))
    return (int(size[1]), int(size[2])), out
shots = sorted(f for f in os.listdir(d) if f.endswith(".txt"))
exam = [load(os.path.join(d, f)) for f in shots if f.endswith("-exam.txt")]
res = [load(os.path.join(d, f)) for f in shots if f.endswith("-result.txt")]
check("exam_screens", len(exam) >= 2 and len(res) == 1, "%d exam, %d result" % (len(exam), len(res)))
check("frames_at_output_size", all(s == (W, H) for s, _ in exam + res), str({s for s, _ in exam + res}))
during = "".join(t for _, ls in exam for _, t, _ in ls)
def overlaps(ls):
    """Pairs of texts drawn over each other (their glyph boxes, ascent and descent trimmed)."""
    out, boxes = [], [(t, (x, y + h // 4, x + w, y + h - h // 4)) for v, t, (x, y, w, h) in ls if v]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i][1], boxes[j][1]
            if a[0] < b[2] - 2 and b[0] < a[2] - 2 and a[1] < b[3] and b[1] < a[3]:
                out.append((boxes[i][0], boxes[j][0]))
    return out
ov = [o for _, ls in exam + res for o in overlaps(ls)]
check("no_text_drawn_over_text", not ov, str(ov[:3]))
shown = [w for w in ("情绪", "信任", "得分", "达标", "评分") if w in during]
check("exam_shows_no_meter_score_or_criterion", not shown, "shown: %s" % shown)
if res:
    ls = res[0][1]
    t = "".join(x for v, x, _ in ls if v)
    cut = [x for v, x, _ in ls if not v]
    check("result_nothing_cut", not cut, str(cut[:4]))
    check("result_scenario_and_ending_titles", "窗口测试：补交材料" in t and "材料收下了" in t
          and "ui_tiny" not in t and "resolved" not in t, t[:300])
    check("result_rating_and_score", "4/5" in t and "/" in t and "得分" in t, t[:300])
    check("result_timer_submitted_reply", "超时自动提交" in t and "1条（第1轮）" in t, t[:400])
    check("result_assessor_date_duration", "考官周考官" in t and "日期20" in t and "用时" in t, t[:400])
    check("result_pass_or_fail_against_the_mark", "及格线50%" in t and ("通过" in t), t[:300])
    check("result_asks_the_examinee_nothing", "counterpart" not in t and "override" not in t, t)
sys.exit(1 if fails else 0)
PY
    cat "$T/res"
    fails=$((fails + $(grep -c '^FAIL' "$T/res")))
    if [ -n "${KEEP_SHOTS:-}" ]; then
        mkdir -p "$KEEP_SHOTS/exam-$name"
        cp "$T/$name"/*.png "$KEEP_SHOTS/exam-$name/"
    fi
}
run_size 1280x800 1280x800
run_size projector 1280x800 --projector
run_size 1920x1080 1920x1080 --fullscreen
exit $fails
