/* facts.c - what a text says, compared the way the scorer compares a reply: whether a text names
 * a term (normalised: Traditional -> Simplified, full-width -> half-width, case folded) and
 * whether it states a deadline (the same date or period, understood by when.c: 本月底前 =
 * 这个月月底以前). `check` asks these to tell whether a trainee could know a fact a node scores.
 * Must not: grade a reply, or allocate more than the texts it is given. */
#include "scorer_int.h"

#include <stdlib.h>
#include <string.h>

/* Normalised code points of s (caller frees; *n gets the count; NULL when s is empty). */
static uint32_t *norm(const cp_scorer *sc, const char *s, size_t *n)
{
    size_t len = strlen(s), total;
    *n = 0;
    if (!len)
        return NULL;
    uint32_t *out = cp_xmalloc((len + 1) * sizeof *out);
    uint32_t *orig = cp_xmalloc((len + 1) * sizeof *orig);
    *n = cp_norm_text(&sc->nm, s, len, out, orig, len + 1, &total);
    free(orig);
    while (*n && out[*n - 1] == ' ')   /* a term's trailing space is no part of it */
        (*n)--;
    return out;
}

static bool contains(const uint32_t *t, size_t n, const uint32_t *w, size_t m)
{
    if (!m)
        return false;
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(t + i, w, m * sizeof *t) == 0)
            return true;
    return false;
}

bool cp_scorer_text_has(const cp_scorer *sc, const char *text, const char *term)
{
    if (!text || !term)
        return false;
    size_t n, m;
    uint32_t *t = norm(sc, text, &n), *w = norm(sc, term, &m);
    bool found = contains(t, n, w, m);
    free(t);
    free(w);
    return found;
}

/* Time expressions of s (up to cap; a text too long for their 16-bit spans is cut). */
static size_t whens(const cp_scorer *sc, const char *s, sc_when *out, size_t cap)
{
    size_t n;
    uint32_t *t = norm(sc, s, &n);
    if (n > 65535)
        n = 65535;
    size_t k = t ? sc_when_scan(t, n, out, cap) : 0;
    free(t);
    return k;
}

#define MAX_WHENS 64

bool cp_scorer_same_deadline(const cp_scorer *sc, const char *a, const char *b)
{
    if (!a || !b)
        return false;
    sc_when wa[MAX_WHENS], wb[MAX_WHENS];
    size_t na = whens(sc, a, wa, MAX_WHENS), nb = whens(sc, b, wb, MAX_WHENS);
    for (size_t i = 0; i < na; i++)
        for (size_t k = 0; k < nb; k++)
            if (sc_when_same(&wa[i], &wb[k]))
                return true;
    return false;
}

bool cp_scorer_text_has_deadline(const cp_scorer *sc, const char *text, const char *deadline)
{
    if (!text || !deadline)
        return false;
    sc_when w[1];
    if (whens(sc, deadline, w, 1) == 0)   /* not a time expression: the phrase itself */
        return cp_scorer_text_has(sc, text, deadline);
    return cp_scorer_same_deadline(sc, text, deadline);
}
