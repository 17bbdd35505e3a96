/* ui_feedback.c - the feedback screen's content, worked out for one glance: the one score (the
 * recorded one, a hint's cost inside it), the criteria in focus first with a reason each, the
 * conduct rules broken out of focus, and the reply's highlights on whole words, each once:
 * green for words that earned a point, red only for words that broke a rule.
 * Reads the model through its public accessors (ui_model.c) and snaps spans with ui_text.c.
 * Must not: draw, measure fonts, include SDL, or change the model. */
#include "cp_ui.h"
#include "cp_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A highlight before merging: bytes [a, b) of the reply and who asked for it. */
typedef struct cand {
    size_t a, b;
    bool bad;
    const char *rule;
    size_t crit;          /* index into the turn's result */
} cand;

/* The rubric's definition of criterion id, "" when it has none (scenario checks). */
static const char *desc_of(const cp_scorer *sc, const char *id)
{
    for (size_t i = 0; sc && i < cp_scorer_count(sc); i++)
        if (!strcmp(cp_scorer_id(sc, i), id))
            return cp_scorer_desc(sc, i);
    return "";
}

/* Whether red words agree with the rule's note: when the note quotes words (「…」), the
 * highlight must be one of them (or hold one); a note that quotes nothing accepts any. */
static bool named_in_note(const char *note, const char *t, size_t a, size_t b, size_t ra, size_t rb)
{
    bool quotes = false;
    for (const char *p = strstr(note, "「"); p; p = strstr(p, "「")) {
        p += strlen("「");
        const char *q = strstr(p, "」");
        if (!q)
            break;
        size_t ql = (size_t)(q - p);
        quotes = true;
        if (ql && ((b - a >= ql && memmem(t + a, b - a, p, ql)) ||
                   (rb > ra && ql >= rb - ra && memmem(p, ql, t + ra, rb - ra))))
            return true;
        p = q;
    }
    return !quotes;
}

static bool same_words(const char *t, const cand *x, const cand *y)
{
    return x->b - x->a == y->b - y->a && !memcmp(t + x->a, t + y->a, x->b - x->a);
}

/* Merges overlapping highlights of one colour (the first one's rule names the union) and then
 * drops repeats of the same words; keeps text order. */
static size_t merge(const char *t, cand *v, size_t n)
{
    for (size_t i = 1; i < n; i++) /* insertion sort by start */
        for (size_t j = i; j > 0 && v[j].a < v[j - 1].a; j--) {
            cand x = v[j];
            v[j] = v[j - 1];
            v[j - 1] = x;
        }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && v[i].a < v[m - 1].b) {
            if (v[i].b > v[m - 1].b)
                v[m - 1].b = v[i].b;
            continue;
        }
        v[m++] = v[i];
    }
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        bool dup = false;
        for (size_t j = 0; j < k && !dup; j++)
            dup = same_words(t, &v[j], &v[i]);
        if (!dup)
            v[k++] = v[i];
    }
    return k;
}

/* Appends 「words」 to buf (at most max quotes, each distinct) from the highlights of crit. */
static void quote_words(char *buf, size_t cap, const char *t, const cand *v, size_t n,
                        size_t crit, int max)
{
    int got = 0;
    for (size_t i = 0; i < n && got < max; i++) {
        if (v[i].crit != crit)
            continue;
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = v[j].crit == crit && same_words(t, &v[j], &v[i]);
        if (dup)
            continue;
        size_t l = strlen(buf);
        snprintf(buf + l, cap - l, "「%.*s」", (int)(v[i].b - v[i].a), t + v[i].a);
        got++;
    }
}

/* Reason for one criterion: what earned it (its words, else what it asks) or what was missing
 * (the scorer's note, else the definition of what was asked). */
static void reason(const cp_ui *ui, const cp_crit_result *cr, const char *t, const cand *v,
                   size_t n, size_t crit, char *out, size_t cap)
{
    const char *d = desc_of(cp_ui_scorer(ui), cr->id);
    out[0] = 0;
    if (!cr->met) {
        if (cr->note[0])
            snprintf(out, cap, "%s", cr->note);
        else if (d[0])
            snprintf(out, cap, "没有做到：%s", d);
        else
            snprintf(out, cap, "没有做到。");
        return;
    }
    char words[CP_NOTE_MAX] = "";
    quote_words(words, sizeof words, t, v, n, crit, 3);
    if (words[0])
        snprintf(out, cap, "说到了%s。", words);
    else if (d[0])   /* met with no words to point at: what the criterion asks, which it did */
        snprintf(out, cap, "要求：%s", d);
    else
        snprintf(out, cap, "做到了。");
}

int cp_ui_feedback_view(const cp_ui *ui, cp_ui_fb *fb)
{
    memset(fb, 0, sizeof *fb);
    const cp_turn *t = cp_ui_feedback_turn(ui);
    const cp_session *ss = cp_ui_session(ui);
    if (!t || !ss)
        return -1;
    fb->turn = t;
    size_t nt = cp_session_nturns(ss), at = 0;
    while (at < nt && cp_session_turn(ss, at) != t)
        at++;
    fb->number = (int)at + 1;

    /* one score: what the records keep (hints are free without records) */
    fb->hints = cp_ui_feedback_hints(ui);
    fb->score = cp_ui_feedback_final(ui);
    fb->max = t->max;
    fb->deducted = t->score - fb->score > 1e-9 ? t->score - fb->score : 0;
    if (fb->deducted > 0)
        snprintf(fb->score_text, sizeof fb->score_text, "本轮得分 %.1f / %.1f（含提示扣分 %.1f）",
                 fb->score, fb->max, fb->deducted);
    else
        snprintf(fb->score_text, sizeof fb->score_text, "本轮得分 %.1f / %.1f", fb->score, fb->max);

    /* the persona's move */
    const cp_scenario *sc = cp_ui_scenario(ui);
    int a0 = sc ? sc->persona.anger : t->anger, t0 = sc ? sc->persona.trust : t->trust;
    if (at > 0) {
        a0 = cp_session_turn(ss, at - 1)->anger;
        t0 = cp_session_turn(ss, at - 1)->trust;
    }
    fb->anger = t->anger;
    fb->trust = t->trust;
    fb->d_anger = t->anger - a0;
    fb->d_trust = t->trust - t0;
    fb->model = cp_ui_feedback_model(ui);

    /* highlights: each evidence span snapped to whole words */
    const char *text = t->reply ? t->reply : "";
    size_t len = strlen(text), ncp = cp_utf8_count(text, len);
    uint32_t *ws = cp_xmalloc((ncp + 1) * sizeof *ws), *we = cp_xmalloc((ncp + 1) * sizeof *we);
    size_t nw = cp_scorer_words(cp_ui_scorer(ui), text, len, ws, we, ncp + 1);
    const cp_result *r = &t->result;
    cand *all = cp_xmalloc((CP_MAX_CRITERIA * CP_MAX_EVIDENCE + 1) * sizeof *all);
    size_t nall = 0;
    for (size_t i = 0; i < r->n; i++) {
        const cp_crit_result *cr = &r->crit[i];
        for (size_t k = 0; k < cr->nev; k++) {
            const cp_evidence *ev = &cr->ev[k];
            bool bad = !ev->positive && !cr->met && cr->conduct;
            bool good = ev->positive && cr->score > 0;
            uint32_t s = ev->start, e = ev->end;
            if ((!bad && !good) || !cp_ui_snap_span(text, len, ws, we, nw, &s, &e))
                continue;
            size_t a = cp_utf8_offset(text, len, s), b = cp_utf8_offset(text, len, e);
            if (bad && !named_in_note(cr->note, text, a, b, cp_utf8_offset(text, len, ev->start),
                                      cp_utf8_offset(text, len, ev->end)))
                continue;   /* red only on the words the reason names */
            all[nall++] = (cand){ a, b, bad, cr->name ? cr->name : cr->id, i };
        }
    }
    free(ws);
    free(we);

    /* the list: criteria in focus (the rules broken, the rest missed, then met), then conduct
     * rules broken out of focus */
    bool any_focus = false;
    for (size_t i = 0; i < r->n; i++)
        any_focus |= r->crit[i].focus;
    for (int pass = 0; pass < 4; pass++)
        for (size_t i = 0; i < r->n && fb->nitems < CP_MAX_CRITERIA; i++) {
            const cp_crit_result *cr = &r->crit[i];
            bool focus = cr->focus || !any_focus;
            int want = !focus ? 3 : cr->met ? 2 : cr->conduct ? 0 : 1;
            if (want != pass)
                continue;
            cp_ui_fb_item *it = &fb->items[fb->nitems++];
            it->cr = cr;
            it->name = cr->name ? cr->name : cp_ui_criterion_name(ui, cr->id);
            it->met = cr->met;
            it->focus = focus;
            reason(ui, cr, text, all, nall, i, it->reason, sizeof it->reason);
            if (focus)
                fb->nfocus++;
        }

    /* red first; green never over red; each colour merged and each word once */
    cand *bad = cp_xmalloc((nall + 1) * sizeof *bad), *good = cp_xmalloc((nall + 1) * sizeof *good);
    size_t nb = 0, ng = 0;
    for (size_t i = 0; i < nall; i++) {
        if (all[i].bad)
            bad[nb++] = all[i];
    }
    nb = merge(text, bad, nb);
    for (size_t i = 0; i < nall; i++) {
        if (all[i].bad)
            continue;
        bool over = false;
        for (size_t j = 0; j < nb && !over; j++)
            over = all[i].a < bad[j].b && bad[j].a < all[i].b;
        if (!over)
            good[ng++] = all[i];
    }
    ng = merge(text, good, ng);
    size_t ib = 0, ig = 0;
    while ((ib < nb || ig < ng) && fb->nmarks < CP_UI_MAX_MARKS) {
        const cand *c = ig >= ng || (ib < nb && bad[ib].a < good[ig].a) ? &bad[ib++] : &good[ig++];
        fb->marks[fb->nmarks++] = (cp_ui_mark){ c->a, c->b, c->bad, c->rule };
    }
    free(bad);
    free(good);
    free(all);
    return 0;
}
