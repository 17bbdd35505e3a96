/* words.c - the scorer's word segmentation offered to front ends: where the words of a reply
 * begin and end, in code points of the text as typed, so that the feedback screen can highlight
 * whole words (engine/ui). The same segmenter the scorer grades with (segment.c), over the same
 * normalised text (norm.c).
 * Must not: grade, keep state between calls, or know SDL, Lua or records. */
#include "scorer_int.h"

#include <stdlib.h>

size_t cp_scorer_words(const cp_scorer *sc, const char *text, size_t len, uint32_t *starts,
                       uint32_t *ends, size_t cap)
{
    if (!sc || !text || !cap)
        return 0;
    uint32_t *buf = malloc(SC_MAX_CHARS * (2 * sizeof(uint32_t) + 2 * sizeof(uint16_t)));
    if (!buf)
        return 0;
    uint32_t *oi = buf + SC_MAX_CHARS;
    uint16_t *ws = (uint16_t *)(oi + SC_MAX_CHARS), *we = ws + SC_MAX_CHARS;
    size_t total = 0;
    size_t N = cp_norm_text(&sc->nm, text, len, buf, oi, SC_MAX_CHARS, &total);
    size_t nw = sc_seg_words(sc->seg, buf, N, ws, we, SC_MAX_CHARS);
    size_t n = 0;
    for (size_t i = 0; i < nw && n < cap; i++) {
        if (we[i] <= ws[i])
            continue;
        /* a normalised word ends where its last code point came from, in the text as typed */
        starts[n] = oi[ws[i]];
        ends[n] = oi[we[i] - 1] + 1;
        n++;
    }
    free(buf);
    return n;
}
