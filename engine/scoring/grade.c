/* grade.c - grading a reply in its context: the rule layer (scorer.c) gives verdicts and cue
 * matches; the learned layer (model.c over context.c's features) decides each criterion it has
 * weights for, its largest contributions becoming the evidence; hard rules stay where they are
 * right (a full ID, card or mobile number the citizen did not give is a privacy breach whatever
 * the model says; the one-time notice and the scenario's checks are rule-decided). Then the
 * focus: what the node puts in focus, plus any conduct criterion broken.
 * Also: attaching the segmenter and the model at load, and training (cp_scorer_train).
 * Must not: allocate while grading, touch Lua, SDL or records. */
#include "model.h"
#include "scorer_int.h"
#include "cp_utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SC_MAX_FEATS 4096
#define JIEBA_DICT "/usr/lib/python3/dist-packages/jieba/dict.txt"

/* ---- Load ---- */

static void map_model(cp_scorer *sc)
{
    for (size_t i = 0; i < sc->ncrit; i++)
        sc->crit[i].md = sc->model ? md_find(sc->model, sc->crit[i].id) : -1;
}

int sc_attach(cp_scorer *sc, const char *dir, cp_error *err)
{
    const char *dict = getenv("COUNTERPART_DICT");
    if (!dict || !*dict)
        dict = JIEBA_DICT;
    char *domain = cp_xasprintf("%s/lexicon.txt", dir);
    sc->seg = sc_seg_load(&sc->nm, dict, domain, err);
    free(domain);
    sc->wclass = sc_wclass_new(&sc->nm);
    if (!sc->seg) {
        if (strcmp(dict, JIEBA_DICT) == 0 && access(dict, R_OK) != 0)
            cp_error_set(err, dict, 0, "the word dictionary is missing (install the Debian package "
                         "python3-jieba, or set COUNTERPART_DICT)");
        return -1;
    }
    const char *mp = getenv("COUNTERPART_MODEL");
    char *path = mp && *mp ? cp_xstrdup(mp) : cp_xasprintf("%s/scorer.model", dir);
    int rc = 0;
    if (strcmp(path, "none") != 0 && (access(path, F_OK) == 0 || (mp && *mp)))
        rc = cp_scorer_load_model(sc, path, err);
    free(path);
    map_model(sc);
    return rc;
}

int cp_scorer_load_model(cp_scorer *sc, const char *path, cp_error *err)
{
    cp_model *m = md_load(path, err);
    if (!m)
        return -1;
    md_free(sc->model);
    sc->model = m;
    map_model(sc);
    return 0;
}

const char *cp_scorer_version(const cp_scorer *sc)
{
    static _Thread_local char buf[32];
    if (!sc || !sc->model)
        return "rules";
    snprintf(buf, sizeof buf, "model:%.12s", sc->model->version);
    return buf;
}

bool cp_scorer_conduct(const cp_scorer *sc, const char *id)
{
    int i = sc ? sc_crit_index(sc, id) : -1;
    return i >= 0 && sc->crit[i].conduct;
}

/* ---- Hard rule: full numbers the citizen did not give ---- */

static long full_number(const sc_work *w, const cp_score_ctx *ctx, size_t *end)
{
    for (size_t i = 0; i < w->N;) {
        if (!(w->n[i] >= '0' && w->n[i] <= '9')) {
            i++;
            continue;
        }
        size_t s = i, digits = 0;
        bool masked = false;
        uint32_t dg[64];
        while (i < w->N && ((w->n[i] >= '0' && w->n[i] <= '9') || w->n[i] == '-' || w->n[i] == ' ' ||
                            w->n[i] == '*' || w->n[i] == 'x')) {
            if (w->n[i] >= '0' && w->n[i] <= '9' && digits < 64)
                dg[digits++] = w->n[i];
            if (w->n[i] == '*' || (w->n[i] == 'x' && i + 1 < w->N && w->n[i + 1] == 'x'))
                masked = true;
            i++;
        }
        bool mobile = digits == 11 && dg[0] == '1';
        if (masked || !(digits >= 15 || mobile))
            continue;
        /* the citizen said this very number: repeating it to them is not a leak */
        bool echoed = sc_citizen_said(ctx, w, s, i);
        if (!echoed) {
            *end = i;
            return (long)s;
        }
    }
    return -1;
}

/* ---- Evidence from the model's contributions ---- */

typedef struct span_c {
    uint16_t s, e;
    float c;
} span_c;

/* Snaps [s, e) out to whole words. */
static void snap(const sc_work *w, uint16_t *s, uint16_t *e)
{
    for (size_t i = 0; i < w->nw; i++) {
        if (w->ws[i] <= *s && *s < w->we[i])
            *s = w->ws[i];
        if (w->ws[i] < *e && *e <= w->we[i])
            *e = w->we[i];
    }
}

static bool is_pause(uint32_t c)
{
    return c == ' ' || c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == ':' ||
           c == 0x3001 || c == 0x3002 || c == 0xFF0C || c == 0x2026;
}

static void model_evidence(const sc_work *w, const cp_model *m, size_t mi, const sc_feat *f,
                           size_t nf, bool positive, cp_crit_result *cr)
{
    span_c sp[64];
    size_t n = 0;
    for (size_t i = 0; i < nf; i++) {
        if (f[i].s >= f[i].e)
            continue;
        float c = md_w(m, mi, f[i].h) * f[i].v;
        if (c == 0 || (positive ? c < 0 : c > 0))
            continue;
        uint16_t s = f[i].s, e = f[i].e;
        snap(w, &s, &e);
        /* a lone function character (这 的 了 …) is no evidence a trainee can act on: single
         * characters count only when they carry the act themselves (您 请 谢 / 你) */
        if (e - s == 1 && !(w->n[s] == 0x60A8 || w->n[s] == 0x8BF7 || w->n[s] == 0x8C22 ||
                            w->n[s] == 0x4F60))
            continue;
        size_t k = 0;
        while (k < n && !(sp[k].s == s && sp[k].e == e))
            k++;
        if (k == n) {
            if (n == 64)
                continue;
            sp[n].s = s;
            sp[n].e = e;
            sp[n].c = 0;
            n++;
        }
        sp[k].c += c;
    }
    /* strongest first; merge into ranges; keep up to three clearly contributing */
    for (size_t i = 1; i < n; i++) {
        span_c v = sp[i];
        size_t j = i;
        while (j > 0 && fabsf(sp[j - 1].c) < fabsf(v.c)) {
            sp[j] = sp[j - 1];
            j--;
        }
        sp[j] = v;
    }
    size_t kept = 0;
    float top = n ? fabsf(sp[0].c) : 0;
    for (size_t i = 0; i < n && kept < 3; i++) {
        if (fabsf(sp[i].c) < 0.2f || fabsf(sp[i].c) < top * 0.3f)
            break;
        uint16_t s = sp[i].s, e = sp[i].e;
        while (s < e && is_pause(w->n[s]))
            s++;
        while (e > s && is_pause(w->n[e - 1]))
            e--;
        if (e <= s)
            continue;
        uint32_t a = w->oi[s], b = w->oi[e - 1] + 1;
        bool merged = false;
        for (size_t k = 0; k < cr->nev; k++) {
            cp_evidence *v = &cr->ev[k];
            if (v->positive == positive && a <= v->end && v->start <= b) {
                if (a < v->start) v->start = a;
                if (b > v->end) v->end = b;
                merged = true;
            }
        }
        if (!merged && cr->nev < CP_MAX_EVIDENCE) {
            cr->ev[cr->nev].start = a;
            cr->ev[cr->nev].end = b;
            cr->ev[cr->nev].positive = positive;
            cr->nev++;
        }
        kept++;
    }
}

static void quote_norm(const sc_work *w, const char *text, size_t len, uint32_t a, uint32_t b,
                       char *out, size_t cap)
{
    (void)w;
    size_t s = cp_utf8_offset(text, len, a), e = cp_utf8_offset(text, len, b);
    if (e > len)
        e = len;
    if (e - s > cap - 1) {
        e = s + cap - 1;   /* cut short, never inside a character */
        while (e > s && e < len && ((unsigned char)text[e] & 0xC0) == 0x80)
            e--;
    }
    size_t o = 0;
    for (size_t i = s; i < e; i++)
        out[o++] = (unsigned char)text[i] < 0x20 ? ' ' : text[i];
    out[o] = '\0';
}

/* ---- Grading ---- */


static void learned(const cp_scorer *sc, const cp_score_ctx *ctx, const sc_work *w,
                    const char *text, size_t len, const sc_feat *f, size_t nf, cp_result *out)
{
    cp_result rules = *out;
    size_t nend = 0;
    long leak = full_number(w, ctx, &nend);
    float zs[MD_MAX_CRIT];
    md_logits(sc->model, f, nf, zs);
    for (size_t i = 0; i < out->n; i++) {
        cp_crit_result *cr = &out->crit[i];
        const sc_crit *c = i < sc->ncrit ? &sc->crit[i] : NULL;
        int md = c ? c->md : md_find(sc->model, cr->id);
        if (md < 0)
            continue;
        double z = zs[md];
        const sc_feat *ef = f;
        size_t nef = nf;
        double p = 1.0 / (1.0 + exp(-z));
        bool met = p >= 0.5;
        cr->p = (float)p;
        if (!c) {
            /* the one-time notice or a scenario check: the model decides met; the rule layer's
             * evidence (items, places, the deadline) and its note on what is missing stay */
            if (met && !cr->met) {
                cr->note[0] = '\0';
                cr->score = cr->max;
            } else if (!met && cr->met) {
                cr->score = 0;
                sc_note_add(cr, "还不够完整、具体。");
            }
            cr->met = met;
            continue;
        }
        bool hard = c->kind == KIND_PRIVACY && leak >= 0;
        if (hard)
            met = false;
        cr->met = met;
        cr->score = met ? c->max : 0;
        cr->nev = 0;
        cr->note[0] = '\0';
        char q[160];
        if (hard) {
            uint32_t a = w->oi[leak], b = w->oi[nend - 1] + 1;
            cr->ev[0].start = a;
            cr->ev[0].end = b;
            cr->ev[0].positive = false;
            cr->nev = 1;
            quote_norm(w, text, len, a, b, q, sizeof q);
            sc_note_add(cr, "把完整号码「");
            sc_note_add(cr, q);
            sc_note_add(cr, "」说了出来。");
            continue;
        }
        /* green: the words that earned a move; red: the words that broke a conduct rule */
        if (met && !c->conduct)
            model_evidence(w, sc->model, (size_t)md, ef, nef, true, cr);
        else if (!met && c->conduct)
            model_evidence(w, sc->model, (size_t)md, ef, nef, false, cr);
        else if (met && c->conduct) {
            /* a conduct rule kept: show what earned it where the rule layer saw something
             * (an identity check, a polite form), never red */
            for (size_t k = 0; k < rules.crit[i].nev; k++)
                if (rules.crit[i].ev[k].positive && cr->nev < CP_MAX_EVIDENCE)
                    cr->ev[cr->nev++] = rules.crit[i].ev[k];
        }
        if (met)
            continue;
        if (c->conduct) {
            sc_note_add(cr, c->violated && *c->violated ? c->violated : "这句话不合适");
            if (cr->nev) {
                quote_norm(w, text, len, cr->ev[0].start, cr->ev[0].end, q, sizeof q);
                sc_note_add(cr, "：「");
                sc_note_add(cr, q);
                sc_note_add(cr, "」。");
            } else {
                sc_note_add(cr, "。");
            }
        } else {
            sc_note_add(cr, c->missing && *c->missing ? c->missing : "没有做到这一点。");
            if (!(ctx && ctx->node) && c->model && *c->model) {
                sc_note_add(cr, "示范：「");
                sc_note_add(cr, c->model);
                sc_note_add(cr, "」");
            }
        }
    }
}

static void focus(const cp_scorer *sc, const cp_score_ctx *ctx, cp_result *out)
{
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        cp_crit_result *cr = &out->crit[i];
        int ci = sc_crit_index(sc, cr->id);
        cr->conduct = ci >= 0 && sc->crit[ci].conduct;
        bool generic = ci >= 0;
        cr->focus = !ctx || !ctx->focus || !generic || cp_strlist_has(ctx->focus, cr->id);
        if (!cr->focus && !(cr->conduct && !cr->met))
            continue;
        if (k != i)
            out->crit[k] = *cr;
        k++;
    }
    out->n = k;
    out->score = out->max = 0;
    for (size_t i = 0; i < out->n; i++) {
        out->score += out->crit[i].score;
        out->max += out->crit[i].max;
    }
}

int cp_scorer_grade(const cp_scorer *sc, const cp_score_ctx *ctx, const char *text, size_t len,
                    cp_result *out, cp_error *err)
{
    if (!out)
        return cp_error_set(err, "", 0, "no result to fill");
    memset(out, 0, sizeof *out);
    static _Thread_local sc_work w;
    if (sc_prepare(sc, ctx, text, len, &w, err) != 0)
        return -1;
    if (!text)
        text = "";
    sc_grade_rules(sc, ctx, &w, text, len, out);
    for (size_t i = 0; i < out->n; i++)
        out->crit[i].p = -1;
    /* features (and the acts the scenario sees) come from the rule layer's result too */
    static _Thread_local sc_cwords cw;
    static _Thread_local sc_feat f[SC_MAX_FEATS];
    sc_citizen_words(sc, ctx ? ctx->citizen : NULL, ctx, &cw);
    uint32_t mask = sc->model ? ((uint32_t)1 << sc->model->bits) - 1 : 0xFFFF;
    size_t nf = sc_features(sc, ctx, &w, &cw, out, f, SC_MAX_FEATS, mask, &out->acts);
    if (sc->model)
        learned(sc, ctx, &w, text, len, f, nf, out);
    focus(sc, ctx, out);
    snprintf(out->model, sizeof out->model, "%.23s", cp_scorer_version(sc));
    return 0;
}

void cp_scorer_unanswered(const cp_scorer *sc, const cp_score_ctx *ctx, cp_result *out)
{
    memset(out, 0, sizeof *out);
    size_t n = 0;
    for (size_t i = 0; sc && i < sc->ncrit && n < CP_MAX_CRITERIA; i++) {
        const sc_crit *c = &sc->crit[i];
        if (ctx && ctx->focus && !cp_strlist_has(ctx->focus, c->id))
            continue;
        cp_crit_result *cr = &out->crit[n++];
        cr->id = c->id;
        cr->name = c->name;
        cr->max = c->max;
        cr->p = -1;
        sc_note_add(cr, "没有作答。");
    }
    if (ctx && ctx->notice && n < CP_MAX_CRITERIA) {
        cp_crit_result *cr = &out->crit[n++];
        cr->id = "clarity.one_time_notice";
        cr->name = sc && sc->notice_name ? sc->notice_name : "一次性告知";
        cr->max = 1;
        cr->p = -1;
        sc_note_add(cr, "没有作答。");
    }
    for (size_t i = 0; ctx && i < ctx->nchecks && n < CP_MAX_CRITERIA; i++) {
        cp_crit_result *cr = &out->crit[n++];
        cr->id = ctx->checks[i].id ? ctx->checks[i].id : "check";
        cr->name = ctx->checks[i].name ? ctx->checks[i].name : cr->id;
        cr->max = 1;
        cr->p = -1;
        sc_note_add(cr, "没有作答。");
    }
    out->n = n;
    focus(sc, ctx, out);
    snprintf(out->model, sizeof out->model, "%.23s", cp_scorer_version(sc));
}

/* ---- Training ---- */

typedef struct trow {
    sc_feat *f;
    size_t nf;
} trow;

static int featurize(const cp_scorer *sc, const cp_train_row *r, unsigned bits, trow *out,
                     cp_error *err)
{
    static _Thread_local sc_work w;
    size_t len = strlen(r->text);
    if (sc_prepare(sc, &r->ctx, r->text, len, &w, err) != 0)
        return -1;
    cp_result *rules = cp_xmalloc(sizeof *rules);
    sc_grade_rules(sc, &r->ctx, &w, r->text, len, rules);
    sc_cwords *cw = cp_xmalloc(sizeof *cw);
    sc_citizen_words(sc, r->ctx.citizen, &r->ctx, cw);
    sc_feat *f = cp_xmalloc(SC_MAX_FEATS * sizeof *f);
    out->nf = sc_features(sc, &r->ctx, &w, cw, rules, f, SC_MAX_FEATS, ((uint32_t)1 << bits) - 1,
                          NULL);
    out->f = cp_xrealloc(f, (out->nf ? out->nf : 1) * sizeof *f);
    free(cw);
    free(rules);
    return 0;
}

/* Fits dense weights on the rows with use[i] and a label y[i] >= 0, whole replies.
 * (Measured and set aside: conduct criteria trained on sentences as multiple instances, the
 * worst deciding, lowered cross-validated kappa — no_blame .743 -> .690, courtesy .683 -> .597;
 * the labels judge a reply's tone as a whole. See docs/scoring.md.) */
static void fit(const trow *tr, const int *y, const float *wt, const bool *use, size_t n,
                unsigned bits, const md_params *p, float *w, float *b, md_example **ex, size_t *cap)
{
    if (n > *cap) {
        *cap = n;
        *ex = cp_xrealloc(*ex, n * sizeof **ex);
    }
    size_t ne = 0;
    for (size_t i = 0; i < n; i++)
        if (use[i] && y[i] >= 0)
            (*ex)[ne++] = (md_example){ tr[i].f, tr[i].nf, y[i], wt[i] };
    md_train(w, b, bits, *ex, ne, p);
}

static int label_of(const cp_train_row *r, const char *id)
{
    for (size_t k = 0; k < r->nlabels; k++)
        if (strcmp(r->ids[k], id) == 0)
            return r->met[k] ? 1 : 0;
    return -1;
}

typedef struct conf {
    long tp, fp, fn, tn;
} conf;

static void report_row(FILE *f, const char *id, const conf *c)
{
    long n = c->tp + c->fp + c->fn + c->tn;
    if (n == 0)
        return;
    double acc = (double)(c->tp + c->tn) / (double)n;
    double pe = ((double)(c->tp + c->fp) * (double)(c->tp + c->fn) +
                 (double)(c->fn + c->tn) * (double)(c->fp + c->tn)) / ((double)n * (double)n);
    double kappa = pe < 1 ? (acc - pe) / (1 - pe) : 1;
    fprintf(f, "  %-26s n=%5ld  acc %.3f  kappa %.3f  (met %ld / not %ld)\n", id, n, acc, kappa,
            c->tp + c->fn, c->fp + c->tn);
}

/* The logit threshold (in [-1.5, 1.5], steps of 0.25) where kappa over the cross-validated
 * logits z (labels y) is highest; 0 unless another is better by more than 0.005. */
static double best_threshold(const double *z, const int *y, size_t n)
{
    double best = 0, bestk = -2;
    for (int k = -6; k <= 6; k++) {
        double t = k * 0.25;
        double tp = 0, fp = 0, fn = 0, tn = 0;
        for (size_t i = 0; i < n; i++) {
            bool met = z[i] >= t;
            tp += met && y[i];
            fp += met && !y[i];
            fn += !met && y[i];
            tn += !met && !y[i];
        }
        double N = tp + fp + fn + tn;
        if (N == 0)
            return 0;
        double po = (tp + tn) / N;
        double pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (N * N);
        double kap = pe < 1 ? (po - pe) / (1 - pe) : 1;
        if (kap > bestk + (k == 0 ? -0.005 : 0.005) || (k == 0 && kap >= bestk - 0.005)) {
            if (k == 0 || kap > bestk + 0.005) {
                bestk = kap;
                best = t;
            }
        }
    }
    return best;
}

int cp_scorer_train(const cp_scorer *sc, const cp_train_row *rows, size_t n, int folds,
                    const char *out_path, FILE *report, cp_error *err)
{
    const unsigned bits = 16;
    trow *tr = cp_xcalloc(n ? n : 1, sizeof *tr);
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (featurize(sc, &rows[i], bits, &tr[i], err) != 0) {
            char buf[1200];
            cp_error_set(err, "", 0, "training row %zu: %s", i + 1, cp_error_format(err, buf, sizeof buf));
            rc = -1;
            goto done;
        }
    md_params p = md_default_params();
    bool show = getenv("CP_TRAIN_ERRORS") != NULL;
    md_example *ex = NULL;
    size_t excap = 0;
    int *y = cp_xmalloc((n ? n : 1) * sizeof *y);
    float *wt = cp_xmalloc((n ? n : 1) * sizeof *wt);
    bool *use = cp_xmalloc((n ? n : 1) * sizeof *use);
    for (size_t i = 0; i < n; i++)
        wt[i] = rows[i].weight > 0 ? rows[i].weight : 1;
    /* every criterion labelled: the rubric's, the one-time notice, the scenarios' checks */
    cp_strlist ids = { 0 };
    for (size_t ci = 0; ci < sc->ncrit; ci++)
        cp_strlist_push(&ids, sc->crit[ci].id);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < rows[i].nlabels; k++)
            if (!cp_strlist_has(&ids, rows[i].ids[k]) && ids.n < MD_MAX_CRIT)
                cp_strlist_push(&ids, rows[i].ids[k]);
    cp_model *m = md_new(bits, ids.n);
    if (folds > 1 && report)
        fprintf(report, "%d-fold cross-validation on %zu rows:\n", folds, n);
    for (size_t ci = 0; ci < ids.n; ci++) {
        const char *id = ids.v[ci];
        size_t pos = 0, neg = 0;
        for (size_t i = 0; i < n; i++) {
            y[i] = label_of(&rows[i], id);
            pos += y[i] == 1;
            neg += y[i] == 0;
        }
        if (pos < 5 || neg < 5)
            continue;   /* too few of one class: the rule layer decides */
        float *sw = cp_xcalloc((size_t)1 << bits, sizeof *sw);
        float sb = 0;
        conf cf = { 0 };
        /* cross-validated logits, to place the decision threshold where agreement (kappa) is
         * highest: the labels are imbalanced and the cost of a miss is not the same each way */
        double *cz = cp_xmalloc((n ? n : 1) * sizeof *cz);
        size_t ncz = 0;
        int *cy = cp_xmalloc((n ? n : 1) * sizeof *cy);
        for (int fo = 0; folds > 1 && fo < folds; fo++) {
            for (size_t i = 0; i < n; i++)
                use[i] = (int)(i % (size_t)folds) != fo;
            fit(tr, y, wt, use, n, bits, &p, sw, &sb, &ex, &excap);
            for (size_t i = 0; i < n; i++) {
                if (y[i] < 0 || use[i])
                    continue;
                double zz = md_logit_dense(sw, sb, tr[i].f, tr[i].nf);
                cz[ncz] = zz;
                cy[ncz++] = y[i];
                bool met = zz >= 0;
                if (met != (y[i] == 1) && show && report)
                    fprintf(report, "  CV-ERR %s %s label=%d: %s\n", id, rows[i].id ? rows[i].id : "?",
                            y[i], rows[i].text);
                cf.tp += met && y[i];
                cf.fp += met && !y[i];
                cf.fn += !met && y[i];
                cf.tn += !met && !y[i];
            }
        }
        if (folds > 1 && report)
            report_row(report, id, &cf);
        double shift = folds > 1 && ncz >= 200 ? best_threshold(cz, cy, ncz) : 0;   /* not on a few dozen rows */
        if (folds > 1 && report && shift != 0) {
            conf c2 = { 0 };
            for (size_t k = 0; k < ncz; k++) {
                bool met = cz[k] >= shift;
                c2.tp += met && cy[k];
                c2.fp += met && !cy[k];
                c2.fn += !met && cy[k];
                c2.tn += !met && !cy[k];
            }
            char nm[96];
            snprintf(nm, sizeof nm, "  (threshold %+.2f)", shift);
            report_row(report, nm, &c2);
        }
        int mi = md_add(m, id);
        if (mi >= 0) {
            for (size_t i = 0; i < n; i++)
                use[i] = true;
            fit(tr, y, wt, use, n, bits, &p, sw, &sb, &ex, &excap);
            md_set(m, (size_t)mi, sw, (float)(sb - shift));
        }
        free(cz);
        free(cy);
        free(sw);
    }
    free(ex);
    free(y);
    free(wt);
    free(use);
    cp_strlist_free(&ids);
    if (out_path) {
        rc = md_save(m, out_path, err);
        if (rc == 0 && report)
            fprintf(report, "wrote %s: %zu criteria, version %.12s\n", out_path, m->n, m->version);
    }
    md_free(m);
done:
    for (size_t i = 0; i < n; i++)
        free(tr[i].f);
    free(tr);
    return rc;
}
