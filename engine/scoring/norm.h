/* norm.h - private to the scorer: text normalisation for matching Chinese replies.
 * Traditional -> Simplified through a per-code-point table built once from OpenCC's t2s data,
 * full-width -> half-width, punctuation variants folded, ASCII case folded, controls -> space.
 * Every normalised code point remembers the index of the original code point it came from,
 * so evidence found in the normalised text points into the text as typed. */
#ifndef CP_NORM_H
#define CP_NORM_H

#include "cp_common.h"

/* The Traditional -> Simplified map for the Basic Multilingual Plane (0 = unchanged). */
typedef struct cp_norm {
    uint16_t *t2s;   /* 65536 entries */
} cp_norm;

/* Builds the map once (OpenCC t2s.json). Returns 0, or -1 with err filled. */
int cp_norm_init(cp_norm *nm, cp_error *err);
void cp_norm_free(cp_norm *nm);

/* Normalises one code point; returns 0 when it should be dropped (zero-width, BOM). */
uint32_t cp_norm_char(const cp_norm *nm, uint32_t c);

/* Normalises UTF-8 s[0..len) into out (at most cap code points; consecutive spaces collapse,
 * leading spaces drop). orig[i] gets the code-point index in s of out[i]. Invalid bytes count
 * as one U+FFFD each, exactly as cp_utf8_decode reads them. Returns the number written;
 * *total gets the number of code points in s (may exceed what fitted). */
size_t cp_norm_text(const cp_norm *nm, const char *s, size_t len, uint32_t *out, uint32_t *orig,
                    size_t cap, size_t *total);

/* Normalises a short UTF-8 term (a cue) into out; returns its length (0 if it does not fit). */
size_t cp_norm_term(const cp_norm *nm, const char *s, uint32_t *out, size_t cap);

#endif
