# display.sh - sourced by the window tests (not a test itself): gets them a display.
# The caller's DISPLAY, else one Xvfb (1280x800) for the whole test file, killed on exit, else
# SDL's offscreen driver. Needs T (the test's temp folder) set; defines run_win CMD... which
# runs CMD on whichever display was found. Replaces the caller's EXIT trap (it removes $T too).
XPID=""
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null 2>&1; then
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$T/dpy" 2>/dev/null &
    XPID=$!
    i=0
    while [ ! -s "$T/dpy" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    if [ -s "$T/dpy" ]; then
        DISPLAY=:$(cat "$T/dpy")
        export DISPLAY
    else
        kill "$XPID" 2>/dev/null
        XPID=""
    fi
fi
trap '[ -n "$XPID" ] && kill "$XPID" 2>/dev/null; rm -rf "$T"' EXIT
run_win() {
    if [ -n "${DISPLAY:-}" ]; then
        "$@"
    else
        SDL_VIDEODRIVER=offscreen "$@"
    fi
}
