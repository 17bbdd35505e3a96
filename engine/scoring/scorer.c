/* scorer.c - grades one Chinese reply against the loaded rubrics, criterion by criterion.
 * Holds: cue compilation and the trie matcher, clause/question segmentation, negation scope,
 *        exemplar similarity (character bigrams), per-kind decisions, notes and evidence.
 * Must not: allocate or touch Lua while grading (rubric files are read by engine/luahost/rubric_load.c);
 *           use a regex engine on the trainee's text. */
#include "scorer_int.h"
#include "model.h"
#include "cp_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_PAT UINT32_MAX

/* ---- Building ---- */

cp_scorer *sc_new(cp_error *err)
{
    cp_scorer *sc = cp_xcalloc(1, sizeof *sc);
    if (cp_norm_init(&sc->nm, err) != 0) {
        free(sc);
        return NULL;
    }
    sc->default_threshold = 0.6;
    return sc;
}

void cp_scorer_free(cp_scorer *sc)
{
    if (!sc)
        return;
    sc_seg_free(sc->seg);
    sc_wclass_free(sc->wclass);
    md_free(sc->model);
    cp_norm_free(&sc->nm);
    for (size_t i = 0; i < sc->ncrit; i++) {
        sc_crit *c = &sc->crit[i];
        free(c->id); free(c->name); free(c->source); free(c->desc); free(c->model);
        free(c->missing); free(c->violated); free(c->file);
        cp_strlist_free(&c->opening);
        cp_strlist_free(&c->content);
    }
    free(sc->crit);
    free(sc->pat);
    free(sc->pool);
    for (size_t i = 0; i < sc->nstrs; i++)
        free(sc->strs[i]);
    free(sc->strs);
    free(sc->edges);
    free(sc->term);
    for (size_t i = 0; i < sc->nex; i++)
        free(sc->ex[i].text);
    free(sc->ex);
    free(sc->bkeys);
    free(sc->bstart);
    free(sc->bpost);
    free(sc->notice_name);
    free(sc->notice_model);
    free(sc);
}

int sc_crit_index(const cp_scorer *sc, const char *id)
{
    for (size_t i = 0; i < sc->ncrit; i++)
        if (strcmp(sc->crit[i].id, id) == 0)
            return (int)i;
    return -1;
}

static uint32_t pool_add(cp_scorer *sc, const uint32_t *cps, size_t n)
{
    if (sc->npool + n > sc->cappool) {
        sc->cappool = (sc->npool + n) * 2 + 256;
        sc->pool = cp_xrealloc(sc->pool, sc->cappool * sizeof *sc->pool);
    }
    uint32_t off = (uint32_t)sc->npool;
    memcpy(sc->pool + sc->npool, cps, n * sizeof *cps);
    sc->npool += n;
    return off;
}

static bool is_clause_break(uint32_t c)
{
    switch (c) {
    case ',': case '.': case '!': case '?': case ';': case ':': case ' ': case '~':
    case 0x3002: case 0x2026:
        return true;
    default:
        return false;
    }
}

static bool is_sentence_break(uint32_t c)
{
    switch (c) {
    case '.': case '!': case '?': case ';': case 0x3002: case 0x2026:
        return true;
    default:
        return false;
    }
}

int sc_add_cue(cp_scorer *sc, int crit, int role, const char *text, char *msg, size_t msgsz)
{
    sc_pat p;
    memset(&p, 0, sizeof p);
    p.crit = (int16_t)crit;
    p.role = (uint8_t)role;
    p.next = NO_PAT;
    const char *s = text;
    for (;;) {
        if (*s == '!') p.flags |= PF_NONEG;
        else if (*s == '?') p.flags |= PF_QUEST;
        else if (*s == '^') p.flags |= PF_START;
        else if (*s == '>') p.flags |= PF_TOEND;
        else if (*s == '~') p.flags |= PF_NOQUEST;
        else if (*s == '<') p.flags |= PF_FROMSTART;
        else break;
        s++;
    }
    /* Split on '*' (clause gap) and '…' / "..." (sentence gap). */
    uint32_t buf[SC_MAX_TERM];
    size_t n = 0, len = strlen(s), i = 0;
    uint8_t gap = 0;
    while (i <= len) {
        uint32_t c = 0;
        size_t step = 1;
        bool end = (i == len);
        uint8_t g = 0;
        if (!end) {
            step = cp_utf8_decode(s + i, len - i, &c);
            if (c == '*')
                g = 1;
            else if (c == 0x2026 || c == 0x22EF)
                g = 2;
            else if (c == '.' && i + 2 < len && s[i + 1] == '.' && s[i + 2] == '.') {
                g = 2;
                step = 3;
            }
        }
        if (end || g) {
            if (n > 0) {
                if (p.npieces >= SC_MAX_PIECES) {
                    snprintf(msg, msgsz, "cue '%s' has more than %d pieces", text, SC_MAX_PIECES);
                    return -1;
                }
                p.gap[p.npieces] = p.npieces ? gap : 0;
                p.off[p.npieces] = pool_add(sc, buf, n);
                p.len[p.npieces] = (uint16_t)n;
                p.npieces++;
                n = 0;
                gap = 0;
            }
            if (g > gap)
                gap = g;
            if (end)
                break;
            i += step;
            continue;
        }
        uint32_t m = cp_norm_char(&sc->nm, c);
        i += step;
        if (!m || m == ' ')
            continue;
        if (n >= SC_MAX_TERM) {
            snprintf(msg, msgsz, "cue '%.40s...' is longer than %d characters", text, SC_MAX_TERM);
            return -1;
        }
        buf[n++] = m;
    }
    if (p.npieces == 0) {
        snprintf(msg, msgsz, "empty cue '%s'", text);
        return -1;
    }
    if (sc->nstrs == sc->capstrs) {
        sc->capstrs = sc->capstrs * 2 + 64;
        sc->strs = cp_xrealloc(sc->strs, sc->capstrs * sizeof *sc->strs);
    }
    sc->strs[sc->nstrs] = cp_xstrdup(text);
    p.text = sc->strs[sc->nstrs++];
    if (sc->npat == sc->cappat) {
        sc->cappat = sc->cappat * 2 + 256;
        sc->pat = cp_xrealloc(sc->pat, sc->cappat * sizeof *sc->pat);
    }
    sc->pat[sc->npat++] = p;
    return 0;
}

void sc_add_exemplar(cp_scorer *sc, int crit, bool good, const char *text)
{
    if (sc->nex >= SC_MAX_EXEMPLARS)
        return;
    if (sc->nex == sc->capex) {
        sc->capex = sc->capex * 2 + 64;
        sc->ex = cp_xrealloc(sc->ex, sc->capex * sizeof *sc->ex);
    }
    sc_exemplar *e = &sc->ex[sc->nex++];
    memset(e, 0, sizeof *e);
    e->crit = (int16_t)crit;
    e->good = good;
    e->text = cp_xstrdup(text);
}

static inline uint64_t edge_hash(uint32_t node, uint32_t cp)
{
    uint64_t k = ((uint64_t)node << 21) ^ cp;
    k *= 0x9E3779B97F4A7C15ull;
    return k ^ (k >> 29);
}

static uint32_t trie_child(const cp_scorer *sc, uint32_t node, uint32_t cp)
{
    size_t mask = sc->edgecap - 1;
    for (size_t h = edge_hash(node, cp) & mask;; h = (h + 1) & mask) {
        const sc_edge *e = &sc->edges[h];
        if (e->child == 0)
            return 0;
        if (e->node == node && e->cp == cp)
            return e->child;
    }
}

static uint32_t trie_insert(cp_scorer *sc, uint32_t node, uint32_t cp)
{
    size_t mask = sc->edgecap - 1;
    for (size_t h = edge_hash(node, cp) & mask;; h = (h + 1) & mask) {
        sc_edge *e = &sc->edges[h];
        if (e->child == 0) {
            e->node = node;
            e->cp = cp;
            e->child = (uint32_t)sc->nnodes++;
            sc->nedges++;
            return e->child;
        }
        if (e->node == node && e->cp == cp)
            return e->child;
    }
}

/* ---- The per-reply work area (on the stack: grading allocates nothing) ---- */

static bool is_digit_dot(const sc_work *w, size_t i)
{
    return w->n[i] == '.' && i > 0 && i + 1 < w->N && w->n[i - 1] >= '0' && w->n[i - 1] <= '9' &&
           w->n[i + 1] >= '0' && w->n[i + 1] <= '9';
}

static void segment(sc_work *w)
{
    w->nc = 0;
    w->ns = 0;
    size_t i = 0, N = w->N;
    uint16_t sent = 0;
    size_t sent_start = 0;
    while (i < N) {
        while (i < N && is_clause_break(w->n[i]) && !is_digit_dot(w, i)) {
            w->cl[i] = (uint16_t)(w->nc ? w->nc - 1 : 0);
            i++;
        }
        if (i >= N)
            break;
        size_t s = i;
        while (i < N && !(is_clause_break(w->n[i]) && !is_digit_dot(w, i)))
            i++;
        if (w->nc >= SC_MAX_CLAUSES) {     /* absurdly many clauses: fold the rest into the last */
            sc_clause *last = &w->c[w->nc - 1];
            for (size_t k = s; k < i; k++)
                w->cl[k] = (uint16_t)(w->nc - 1);
            last->e = (uint16_t)i;
            continue;
        }
        sc_clause *c = &w->c[w->nc];
        c->s = (uint16_t)s;
        c->e = (uint16_t)i;
        c->sent = sent;
        c->question = 0;
        for (size_t k = s; k < i; k++)
            w->cl[k] = (uint16_t)w->nc;
        uint32_t last = w->n[i - 1];
        if (last == 0x5417 || last == 0x5462 || last == 0x4E48)   /* 吗 呢 么 */
            c->question = 1;
        bool ends_sentence = (i >= N);
        for (size_t k = i; k < N && is_clause_break(w->n[k]) && !is_digit_dot(w, k); k++) {
            if (w->n[k] == '?')
                c->question = 1;
            if (is_sentence_break(w->n[k]))
                ends_sentence = true;
        }
        w->nc++;
        if (ends_sentence) {
            if (w->ns < SC_MAX_CLAUSES) {
                w->sent_s[w->ns] = (uint16_t)sent_start;
                w->sent_e[w->ns] = (uint16_t)i;
                w->ns++;
            }
            sent++;
            size_t k = i;
            while (k < N && is_clause_break(w->n[k]) && !is_digit_dot(w, k))
                k++;
            sent_start = k;
        }
    }
    /* A clause belongs to a question when its sentence's last clause is one. */
    for (size_t k = w->nc; k-- > 0;)
        w->c[k].squest = (k + 1 < w->nc && w->c[k + 1].sent == w->c[k].sent) ? w->c[k + 1].squest
                                                                           : w->c[k].question;
    if (w->nc > 0 && (w->ns == 0 || w->c[w->nc - 1].sent >= w->ns) && w->ns < SC_MAX_CLAUSES) {
        w->sent_s[w->ns] = (uint16_t)sent_start;
        w->sent_e[w->ns] = w->c[w->nc - 1].e;
        w->ns++;
    }
}

static bool piece_at(const cp_scorer *sc, const sc_work *w, const sc_pat *p, int k, size_t at)
{
    if (at + p->len[k] > w->N)
        return false;
    const uint32_t *q = sc->pool + p->off[k];
    for (size_t j = 0; j < p->len[k]; j++)
        if (w->n[at + j] != q[j])
            return false;
    return true;
}

/* Tries pattern p whose first piece matched at [s, e); returns the end of the whole match or 0,
 * and the start of its last piece in *ls. */
static size_t try_pattern(const cp_scorer *sc, const sc_work *w, const sc_pat *p, size_t s, size_t e,
                          size_t *ls, size_t *pe)
{
    *ls = *pe = s;
    if ((p->flags & PF_START) && w->c[w->cl[s]].s != s)
        return 0;
    size_t pos = e;
    for (int k = 1; k < p->npieces; k++) {
        size_t limit;
        const sc_clause *c = &w->c[w->cl[pos > 0 ? pos - 1 : 0]];
        if (p->gap[k] == 2) {
            limit = w->sent_e[c->sent < w->ns ? c->sent : w->ns - 1];
            if (limit < pos)
                limit = c->e;
        } else {
            limit = pos + SC_CLAUSE_GAP + p->len[k];
            if (limit > c->e)
                limit = c->e;
        }
        size_t found = 0;
        bool ok = false;
        for (size_t at = pos; at + p->len[k] <= limit; at++)
            if (piece_at(sc, w, p, k, at)) {
                found = at;
                ok = true;
                break;
            }
        if (!ok)
            return 0;
        *ls = found;
        *pe = pos;
        pos = found + p->len[k];
    }
    if ((p->flags & PF_QUEST) && !w->c[w->cl[pos - 1]].squest)
        return 0;
    if ((p->flags & PF_NOQUEST) && w->c[w->cl[pos - 1]].question)
        return 0;
    if ((p->flags & PF_TOEND) && w->c[w->cl[pos - 1]].e > pos)
        pos = w->c[w->cl[pos - 1]].e;
    return pos;
}

static void scan(const cp_scorer *sc, sc_work *w)
{
    w->nm = 0;
    for (size_t i = 0; i < w->N; i++) {
        uint32_t node = 0;
        for (size_t j = i; j < w->N; j++) {
            node = trie_child(sc, node, w->n[j]);
            if (!node)
                break;
            for (uint32_t pi = sc->term[node]; pi != NO_PAT; pi = sc->pat[pi].next) {
                size_t ls, pe;
                size_t end = try_pattern(sc, w, &sc->pat[pi], i, j + 1, &ls, &pe);
                if (!end || w->nm >= SC_MAX_MATCHES)
                    continue;
                sc_match *m = &w->m[w->nm++];
                m->pat = pi;
                m->s = (uint16_t)((sc->pat[pi].flags & PF_FROMSTART) ? w->c[w->cl[i]].s : i);
                m->e = (uint16_t)end;
                m->ls = (uint16_t)ls;
                m->pe = (uint16_t)pe;
                m->valid = 1;
                m->negated = 0;
            }
        }
    }
    /* Negators, minus words that only look like one (非常, 不好意思 ...). */
    memset(w->cover, 0, w->N);
    memset(w->negmark, 0, w->N);
    memset(w->pass, 0, w->N);
    w->sarcasm = false;
    w->sarcasm_pos = -1;
    for (size_t k = 0; k < w->nm; k++) {
        const sc_pat *p = &sc->pat[w->m[k].pat];
        if (p->crit == -1 && p->role == LEX_NOTNEG)
            memset(w->cover + w->m[k].s, 1, (size_t)(w->m[k].e - w->m[k].s));
        if (p->crit == -1 && p->role == LEX_PASS)
            memset(w->pass + w->m[k].s, 1, (size_t)(w->m[k].e - w->m[k].s));
        if (p->crit == -1 && p->role == LEX_SARCASM && !w->sarcasm) {
            w->sarcasm = true;
            w->sarcasm_pos = w->m[k].s;
            w->sarcasm_end = w->m[k].e;
        }
    }
    for (size_t k = 0; k < w->nm; k++) {
        const sc_pat *p = &sc->pat[w->m[k].pat];
        if (p->crit == -1 && p->role == LEX_NEGATOR && !w->cover[w->m[k].s])
            w->negmark[w->m[k].s] = 1;
    }
    /* Validity of criterion cues: negation scope, question-only, exclusions. */
    for (size_t k = 0; k < w->nm; k++) {
        sc_match *m = &w->m[k];
        const sc_pat *p = &sc->pat[m->pat];
        if (p->crit < 0 || (p->flags & PF_NONEG))
            continue;
        /* Walk back from the cue through negators and pass characters (我不是不理解: two
         * negators, not negated; 不满我理解: 满 stops the walk, not negated). */
        size_t cs = w->c[w->cl[m->s]].s;
        int cnt = 0;
        for (size_t i = m->s; i > cs && m->s - i < SC_NEG_WINDOW;) {
            i--;
            if (w->negmark[i])
                cnt++;
            else if (!w->pass[i] || w->cover[i])
                break;
        }
        /* A gapped cue is negated inside too: 身份证号也不用念 is not 身份证号…念. */
        if (!(cnt & 1) && m->ls > m->pe) {
            int c2 = 0;
            for (size_t i = m->ls; i > m->pe && m->ls - i < SC_NEG_WINDOW;) {
                i--;
                if (w->negmark[i])
                    c2++;
                else if (!w->pass[i] || w->cover[i])
                    break;
            }
            cnt += c2;
        }
        if (cnt & 1) {
            m->negated = 1;
            m->valid = 0;
        }
    }
    for (size_t k = 0; k < w->nm; k++) {
        const sc_pat *x = &sc->pat[w->m[k].pat];
        if (x->crit < 0 || x->role != ROLE_EXCL || w->m[k].negated)
            continue;   /* 我不是不理解: a negated exception does not cancel */
        for (size_t j = 0; j < w->nm; j++) {
            const sc_pat *p = &sc->pat[w->m[j].pat];
            if (j == k || p->crit != x->crit || p->role == ROLE_EXCL)
                continue;
            if (w->m[j].s < w->m[k].e && w->m[k].s < w->m[j].e)
                w->m[j].valid = 0;
        }
    }
}

static int negator_parity(const sc_work *w)
{
    int n = 0;
    for (size_t i = 0; i < w->N; i++)
        n += w->negmark[i];
    return n & 1;
}

/* Bigram key of normalised positions i, i+1 (both inside one clause). */
static inline uint64_t bigram(uint32_t a, uint32_t b)
{
    return ((uint64_t)a << 21) | b;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Distinct bigrams of clause span [s, e) into out (cap), sorted. */
static size_t clause_bigrams(const sc_work *w, size_t s, size_t e, uint64_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = s; i + 1 < e && n < cap; i++) {
        if (is_clause_break(w->n[i]) || is_clause_break(w->n[i + 1]))
            continue;
        out[n++] = bigram(w->n[i], w->n[i + 1]);
    }
    /* insertion sort + dedupe (n is small) */
    for (size_t i = 1; i < n; i++) {
        uint64_t v = out[i];
        size_t j = i;
        while (j > 0 && out[j - 1] > v) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = v;
    }
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        if (d == 0 || out[d - 1] != out[i])
            out[d++] = out[i];
    return d;
}

static void load_text(const cp_scorer *sc, sc_work *w, const char *s, size_t len)
{
    w->N = cp_norm_text(&sc->nm, s, len, w->n, w->oi, SC_MAX_CHARS, &w->total);
    segment(w);
}

int sc_finish(cp_scorer *sc, cp_error *err)
{
    /* Trie over first pieces. */
    size_t need = 1;
    for (size_t i = 0; i < sc->npat; i++)
        need += sc->pat[i].len[0];
    sc->edgecap = 64;
    while (sc->edgecap < need * 2)
        sc->edgecap <<= 1;
    sc->edges = cp_xcalloc(sc->edgecap, sizeof *sc->edges);
    sc->term = cp_xmalloc((need + 1) * sizeof *sc->term);
    for (size_t i = 0; i <= need; i++)
        sc->term[i] = NO_PAT;
    sc->nnodes = 1;
    for (size_t i = sc->npat; i-- > 0;) {   /* reverse, so lists come out in file order */
        sc_pat *p = &sc->pat[i];
        uint32_t node = 0;
        for (size_t j = 0; j < p->len[0]; j++)
            node = trie_insert(sc, node, sc->pool[p->off[0] + j]);
        p->next = sc->term[node];
        sc->term[node] = (uint32_t)i;
    }
    /* Resolve order's opening/content criteria. */
    for (size_t i = 0; i < sc->ncrit; i++) {
        sc_crit *c = &sc->crit[i];
        c->nopen = c->ncontent = 0;
        for (size_t k = 0; k < c->opening.n; k++) {
            int j = sc_crit_index(sc, c->opening.v[k]);
            if (j < 0)
                return cp_error_set(err, c->file, c->line, "%s: opening names unknown criterion '%s'",
                                    c->id, c->opening.v[k]);
            if (c->nopen < 8)
                c->open_idx[c->nopen++] = j;
        }
        for (size_t k = 0; k < c->content.n; k++) {
            int j = sc_crit_index(sc, c->content.v[k]);
            if (j < 0)
                return cp_error_set(err, c->file, c->line, "%s: content names unknown criterion '%s'",
                                    c->id, c->content.v[k]);
            if (c->ncontent < 16)
                c->content_idx[c->ncontent++] = j;
        }
    }
    /* Exemplar bigram index. */
    sc_work *w = cp_xmalloc(sizeof *w);
    size_t npairs = 0, cappairs = 0;
    struct pair { uint64_t key; uint32_t ex; } *pairs = NULL;
    uint64_t big[256];
    for (size_t i = 0; i < sc->nex; i++) {
        sc_exemplar *e = &sc->ex[i];
        load_text(sc, w, e->text, strlen(e->text));
        scan(sc, w);
        e->negpar = (uint8_t)negator_parity(w);
        size_t nb = clause_bigrams(w, 0, w->N, big, 256);
        e->nbig = (uint16_t)nb;
        for (size_t k = 0; k < nb; k++) {
            if (npairs == cappairs) {
                cappairs = cappairs * 2 + 256;
                pairs = cp_xrealloc(pairs, cappairs * sizeof *pairs);
            }
            pairs[npairs].key = big[k];
            pairs[npairs].ex = (uint32_t)i;
            npairs++;
        }
    }
    free(w);
    /* sort pairs by key (then exemplar) */
    if (npairs > 1) {
        uint64_t *tmp = cp_xmalloc(npairs * sizeof *tmp);
        for (size_t i = 0; i < npairs; i++)
            tmp[i] = (pairs[i].key << 12) | pairs[i].ex;   /* key < 2^42, ex < 4096 */
        qsort(tmp, npairs, sizeof *tmp, cmp_u64);
        for (size_t i = 0; i < npairs; i++) {
            pairs[i].key = tmp[i] >> 12;
            pairs[i].ex = (uint32_t)(tmp[i] & 0xFFF);
        }
        free(tmp);
    }
    sc->bkeys = cp_xmalloc((npairs + 1) * sizeof *sc->bkeys);
    sc->bstart = cp_xmalloc((npairs + 2) * sizeof *sc->bstart);
    sc->bpost = cp_xmalloc((npairs + 1) * sizeof *sc->bpost);
    sc->nbkeys = 0;
    for (size_t i = 0; i < npairs; i++) {
        if (sc->nbkeys == 0 || sc->bkeys[sc->nbkeys - 1] != pairs[i].key) {
            sc->bkeys[sc->nbkeys] = pairs[i].key;
            sc->bstart[sc->nbkeys] = (uint32_t)i;
            sc->nbkeys++;
        }
        sc->bpost[i] = (uint16_t)pairs[i].ex;
    }
    sc->bstart[sc->nbkeys] = (uint32_t)npairs;
    free(pairs);
    return 0;
}

/* ---- Accessors ---- */

size_t cp_scorer_count(const cp_scorer *sc) { return sc ? sc->ncrit : 0; }
const char *cp_scorer_id(const cp_scorer *sc, size_t i) { return i < sc->ncrit ? sc->crit[i].id : NULL; }
const char *cp_scorer_name(const cp_scorer *sc, size_t i) { return i < sc->ncrit ? sc->crit[i].name : NULL; }
double cp_scorer_max(const cp_scorer *sc, size_t i) { return i < sc->ncrit ? sc->crit[i].max : 0; }
const char *cp_scorer_model(const cp_scorer *sc, size_t i)
{
    return i < sc->ncrit && sc->crit[i].model ? sc->crit[i].model : "";
}

const char *cp_scorer_desc(const cp_scorer *sc, size_t i)
{
    return i < sc->ncrit && sc->crit[i].desc ? sc->crit[i].desc : "";
}

static const char NOTICE_ID[] = "clarity.one_time_notice";

bool cp_scorer_knows(const cp_scorer *sc, const char *id)
{
    if (!sc || !id)
        return false;
    return sc_crit_index(sc, id) >= 0 || strcmp(id, NOTICE_ID) == 0;
}

const cp_crit_result *cp_result_find(const cp_result *r, const char *id)
{
    if (!r || !id)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        if (r->crit[i].id && strcmp(r->crit[i].id, id) == 0)
            return &r->crit[i];
    return NULL;
}

/* ---- Grading helpers ---- */

typedef struct sc_text { const char *s; size_t len; } sc_text;

static void add_ev(const sc_work *w, cp_crit_result *cr, size_t s, size_t e, bool positive)
{
    if (e <= s || e > w->N)
        return;
    uint32_t a = w->oi[s], b = w->oi[e - 1] + 1;
    /* merge with an overlapping or touching span of the same polarity */
    for (size_t i = 0; i < cr->nev; i++) {
        cp_evidence *v = &cr->ev[i];
        if (v->positive == positive && a <= v->end && v->start <= b) {
            if (a < v->start) v->start = a;
            if (b > v->end) v->end = b;
            return;
        }
    }
    if (cr->nev >= CP_MAX_EVIDENCE)
        return;
    cr->ev[cr->nev].start = a;
    cr->ev[cr->nev].end = b;
    cr->ev[cr->nev].positive = positive;
    cr->nev++;
}

/* Copies the original text of code points [a, b) as clean UTF-8 (at most cap-1 bytes). */
static void quote(const sc_text *t, uint32_t a, uint32_t b, char *out, size_t cap)
{
    size_t i = 0, ci = 0, o = 0;
    out[0] = '\0';
    if (b - a > 24)   /* keep quotes short in notes */
        b = a + 24;
    while (i < t->len && ci < b) {
        uint32_t c;
        i += cp_utf8_decode(t->s + i, t->len - i, &c);
        if (ci >= a) {
            if (c < 0x20 || c == 0x7F)
                c = ' ';
            char enc[4];
            size_t n = cp_utf8_encode(c, enc);
            if (o + n + 1 > cap)
                break;
            memcpy(out + o, enc, n);
            o += n;
        }
        ci++;
    }
    out[o] = '\0';
}

/* Appends to a note, never cutting a UTF-8 sequence. */
static void note_add(cp_crit_result *cr, const char *s)
{
    size_t have = strlen(cr->note), n = strlen(s);
    if (have + n + 1 > CP_NOTE_MAX) {
        n = CP_NOTE_MAX - 1 - have;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(cr->note + have, s, n);
    cr->note[have + n] = '\0';
}

static void note_model(cp_crit_result *cr, const char *model)
{
    if (model && *model) {
        note_add(cr, "示范：「");
        note_add(cr, model);
        note_add(cr, "」");
    }
}

/* Everyday variants of the same word, of equal length (a trainer writes 户口簿, a clerk types
 * 户口本 or 户籍簿; 模板 is often typed 模版). Scenario terms match any variant. */
static const uint32_t VARIANTS[][3][3] = {
    { { 0x6237, 0x53E3, 0x7C3F }, { 0x6237, 0x53E3, 0x672C }, { 0x6237, 0x7C4D, 0x7C3F } },  /* 户口簿 户口本 户籍簿 */
    { { 0x6A21, 0x677F, 0 }, { 0x6A21, 0x7248, 0 }, { 0 } },                                  /* 模板 模版 */
};

static long find_term_cps(const sc_work *w, const uint32_t *t, size_t n, size_t from, size_t *mlen);

/* Naive search of a ctx term (normalised on the fly) in the reply; returns match start or -1. */
static long find_term(const cp_scorer *sc, const sc_work *w, const char *term, size_t from,
                      size_t *mlen)
{
    uint32_t t[SC_MAX_TERM];
    size_t n = cp_norm_term(&sc->nm, term, t, SC_MAX_TERM);
    if (n == 0 || n > w->N)
        return -1;
    long best = find_term_cps(w, t, n, from, mlen);
    for (size_t g = 0; g < sizeof VARIANTS / sizeof VARIANTS[0]; g++) {
        for (size_t a = 0; a < 3 && VARIANTS[g][a][0]; a++) {
            size_t vl = VARIANTS[g][a][2] ? 3 : 2;
            for (size_t i = 0; i + vl <= n; i++) {
                if (memcmp(t + i, VARIANTS[g][a], vl * sizeof *t) != 0)
                    continue;
                for (size_t b = 0; b < 3 && VARIANTS[g][b][0]; b++) {
                    if (b == a)
                        continue;
                    uint32_t v[SC_MAX_TERM];
                    memcpy(v, t, n * sizeof *t);
                    memcpy(v + i, VARIANTS[g][b], vl * sizeof *t);
                    size_t ml;
                    long p = find_term_cps(w, v, n, from, &ml);
                    if (p >= 0 && (best < 0 || p < best)) {
                        best = p;
                        *mlen = ml;
                    }
                }
            }
        }
    }
    return best;
}

static long find_term_cps(const sc_work *w, const uint32_t *t, size_t n, size_t from, size_t *mlen)
{
    for (size_t i = from; i + n <= w->N; i++) {
        if (w->n[i] != t[0])
            continue;
        size_t j = 1;
        while (j < n && w->n[i + j] == t[j])
            j++;
        if (j == n) {
            *mlen = n;
            return (long)i;
        }
    }
    /* Typed text inserts small words (25号之前 for 25号前, 分期的计划): for terms of three or more
     * characters accept one extra character inside the term, never at its ends. */
    if (n < 3)
        return -1;
    for (size_t i = from; i + n + 1 <= w->N; i++) {
        if (w->n[i] != t[0])
            continue;
        size_t j = 1, k = i + 1;
        bool skipped = false;
        while (j < n && k < w->N) {
            if (w->n[k] == t[j]) {
                j++;
                k++;
            } else if (!skipped && j < n && !is_clause_break(w->n[k])) {
                skipped = true;
                k++;
            } else {
                break;
            }
        }
        if (j == n && skipped) {
            *mlen = k - i;
            return (long)i;
        }
    }
    return -1;
}

static long find_any(const cp_scorer *sc, const sc_work *w, const cp_strlist *l, size_t *mlen)
{
    long best = -1;
    size_t bl = 0;
    for (size_t i = 0; l && i < l->n; i++) {
        size_t ml;
        long p = find_term(sc, w, l->v[i], 0, &ml);
        if (p >= 0 && (best < 0 || p < best)) {
            best = p;
            bl = ml;
        }
    }
    *mlen = bl;
    return best;
}

/* Exemplar similarity per criterion: best Dice over clauses for good and bad exemplars. */
typedef struct sc_sim {
    double good, bad;
    int good_clause, bad_clause;
} sc_sim;

static void exemplar_sims(const cp_scorer *sc, const sc_work *w, sc_sim *sim)
{
    for (size_t i = 0; i < sc->ncrit; i++) {
        sim[i].good = sim[i].bad = 0;
        sim[i].good_clause = sim[i].bad_clause = -1;
    }
    if (sc->nbkeys == 0)
        return;
    uint16_t cnt[SC_MAX_EXEMPLARS];
    uint16_t touched[SC_MAX_EXEMPLARS];
    uint64_t big[96];
    size_t nclauses = w->nc < 64 ? w->nc : 64;   /* exemplars compare with the first clauses */
    for (size_t ci = 0; ci < nclauses; ci++) {
        const sc_clause *c = &w->c[ci];
        /* clause-local negation parity */
        int np = 0;
        for (size_t i = c->s; i < c->e; i++)
            np += w->negmark[i];
        np &= 1;
        size_t nb = clause_bigrams(w, c->s, c->e, big, 96);
        if (nb == 0)
            continue;
        size_t nt = 0;
        for (size_t k = 0; k < nb; k++) {
            size_t lo = 0, hi = sc->nbkeys;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (sc->bkeys[mid] < big[k]) lo = mid + 1; else hi = mid;
            }
            if (lo >= sc->nbkeys || sc->bkeys[lo] != big[k])
                continue;
            for (uint32_t q = sc->bstart[lo]; q < sc->bstart[lo + 1]; q++) {
                uint16_t ex = sc->bpost[q];
                bool seen = false;
                for (size_t t = 0; t < nt; t++)
                    if (touched[t] == ex) {
                        cnt[t]++;
                        seen = true;
                        break;
                    }
                if (!seen && nt < SC_MAX_EXEMPLARS) {
                    touched[nt] = ex;
                    cnt[nt] = 1;
                    nt++;
                }
            }
        }
        for (size_t t = 0; t < nt; t++) {
            const sc_exemplar *e = &sc->ex[touched[t]];
            if (e->crit < 0 || (size_t)e->crit >= sc->ncrit)
                continue;
            double d = 2.0 * cnt[t] / (double)(nb + e->nbig);
            if (e->good && (int)e->negpar != np)
                continue;   /* 我不理解 is not like 我理解 */
            sc_sim *s = &sim[e->crit];
            if (e->good && d > s->good) {
                s->good = d;
                s->good_clause = (int)ci;
            } else if (!e->good && d > s->bad) {
                s->bad = d;
                s->bad_clause = (int)ci;
            }
        }
    }
}

/* True when the clause holding position at has a number after at (a disclosed value). */
static bool clause_has_value(const sc_work *w, size_t at)
{
    if (at >= w->N)
        return false;
    size_t e = w->c[w->cl[at]].e;
    static const uint32_t NUM[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B,
                                    0x4E5D, 0x5341, 0x767E, 0x5343, 0x4E07, 0x4E24 };
    for (size_t i = at; i < e; i++) {
        if (w->n[i] >= '0' && w->n[i] <= '9')
            return true;
        for (size_t k = 0; k < sizeof NUM / sizeof NUM[0]; k++)
            if (w->n[i] == NUM[k])
                return true;
    }
    return false;
}

/* True if clause ci is an open question (a question word, no rhetorical marker). */
static bool open_question(const cp_scorer *sc, const sc_work *w, int crit, size_t ci, size_t *at)
{
    const sc_clause *c = &w->c[ci];
    bool wh = false, rhet = false;
    /* a clause that is a question only through its sentence shares the rhetoric of the
     * sentence's last clause (说了多少回了，……你自己记不住还怪我们?) */
    size_t last = ci;
    while (!c->question && last + 1 < w->nc && w->c[last + 1].sent == c->sent)
        last++;
    size_t rs = c->s, re = w->c[last].e;
    for (size_t k = 0; k < w->nm; k++) {
        const sc_match *m = &w->m[k];
        const sc_pat *p = &sc->pat[m->pat];
        if (p->crit != crit || m->s < rs || m->s >= re)
            continue;
        if ((m->s < c->s || m->s >= c->e) && p->role != ROLE_AUX2)
            continue;
        if (p->role == ROLE_AUX1 && !m->negated && m->valid) {
            wh = true;
            *at = m->s;
        }
        if (p->role == ROLE_AUX2)
            rhet = true;
    }
    if (!wh || rhet)
        return false;
    if (c->question)
        return true;
    /* A clause of a sentence that ends as a question (您现在最难的是哪一块，现金流还是人工成本?)
     * is part of that question; otherwise a question word is reported speech or a statement
     * (您说没人一次告诉您缺什么; 要什么材料网上都写着). */
    return c->squest;
}

/* True if position at lies inside 《...》. */
static bool in_title(const sc_work *w, size_t at)
{
    for (size_t i = at; i-- > 0;) {
        if (w->n[i] == 0x300B)   /* 》 */
            return false;
        if (w->n[i] == 0x300A)   /* 《 */
            return true;
        if (at - i > 40)
            return false;
    }
    return false;
}

/* True if a definition follows position at at once: 就是/也就是/即/指/是指, with at most a comma
 * or a filler (呢, 啊) in between (费率就是交钱的比例; 基准费率，就是按行业风险定). */
static bool defined_after(const sc_work *w, size_t at)
{
    size_t i = at, skipped = 0;
    while (i < w->N && skipped < 2 && (w->n[i] == ',' || w->n[i] == 0x3001 || w->n[i] == 0x5462 ||
                                       w->n[i] == 0x554A || w->n[i] == 0x4E5F)) {   /* , 、 呢 啊 也 */
        i++;
        skipped++;
    }
    if (i >= w->N)
        return false;
    uint32_t a = w->n[i], b = i + 1 < w->N ? w->n[i + 1] : 0;
    return (a == 0x5C31 && b == 0x662F) ||   /* 就是 */
           a == 0x5373 ||                    /* 即 */
           (a == 0x6307 && b != 0x5B9A) ||   /* 指 (not 指定) */
           (a == 0x662F && b == 0x6307);     /* 是指 */
}

/* ---- Grading ---- */

typedef struct sc_pos { long first_pos, first_neg; } sc_pos;

int sc_prepare(const cp_scorer *sc, const cp_score_ctx *ctx, const char *text, size_t len,
               sc_work *w, cp_error *err)
{
    if (!sc)
        return cp_error_set(err, "", 0, "no scorer loaded");
    if (!text && len)
        return cp_error_set(err, "", 0, "no text");
    if (!text)
        text = "";
    if (!cp_utf8_valid(text, len)) {
        size_t at = 0;
        while (at < len) {
            uint32_t c;
            size_t k = cp_utf8_decode(text + at, len - at, &c);
            if (c == 0xFFFD && !(k == 3 && (unsigned char)text[at] == 0xEF))
                break;
            at += k ? k : 1;
        }
        return cp_error_set(err, "", 0, "the reply is not valid UTF-8 (bad byte at offset %zu): "
                            "it was not scored", at);
    }
    size_t total = cp_utf8_count(text, len);
    if (total > SC_MAX_CHARS)
        return cp_error_set(err, "", 0, "reply too long: %zu characters (the limit is %d)", total,
                            SC_MAX_CHARS);
    size_t extra = (ctx && ctx->notice ? 1 : 0) + (ctx ? ctx->nchecks : 0);
    if (sc->ncrit + extra > CP_MAX_CRITERIA)
        return cp_error_set(err, "", 0, "too many criteria (%zu, at most %d)", sc->ncrit + extra,
                            CP_MAX_CRITERIA);
    w->N = cp_norm_text(&sc->nm, text, len, w->n, w->oi, SC_MAX_CHARS, &w->total);
    size_t visible = 0;
    for (size_t i = 0; i < w->N; i++)
        visible += w->n[i] != ' ' && !is_clause_break(w->n[i]);
    if (visible == 0)
        return cp_error_set(err, "", 0, "the reply is empty: it was not scored");
    segment(w);
    scan(sc, w);
    w->nw = sc_seg_words(sc->seg, w->n, w->N, w->ws, w->we, SC_MAX_CHARS);
    return 0;
}

/* True when the digits of w->n[s, e) were said by the citizen (this line or an earlier one):
 * repeating them back is not a leak. */
bool sc_citizen_said(const cp_score_ctx *ctx, const sc_work *w, size_t s, size_t e)
{
    char d[64];
    size_t nd = 0;
    for (size_t i = s; i < e && nd < sizeof d - 1; i++)
        if (w->n[i] >= '0' && w->n[i] <= '9')
            d[nd++] = (char)w->n[i];
    d[nd] = '\0';
    if (!ctx || nd == 0)
        return false;
    const char *src[1 + 16];
    size_t ns = 0;
    if (ctx->citizen)
        src[ns++] = ctx->citizen;
    for (size_t i = 0; i < ctx->nhistory && ns < 17; i++)
        if (ctx->history[i].who && strcmp(ctx->history[i].who, "citizen") == 0 && ctx->history[i].text)
            src[ns++] = ctx->history[i].text;
    for (size_t k = 0; k < ns; k++) {
        char c[256];
        size_t nc = 0;
        for (const char *p = src[k]; *p && nc < sizeof c - 1; p++) {
            if (*p >= '0' && *p <= '9')
                c[nc++] = *p;
            else if (!(*p == ' ' || *p == '-'))
                c[nc++] = ' ';
        }
        c[nc] = '\0';
        if (strstr(c, d))
            return true;
    }
    return false;
}

/* The rule layer: cue matches, exemplars and per-kind decisions over every criterion, plus the
 * one-time notice and the scenario's checks. w holds the prepared reply. */
int sc_grade_rules(const cp_scorer *sc, const cp_score_ctx *ctx, sc_work *w, const char *text,
                       size_t len, cp_result *out)
{
    memset(out, 0, sizeof *out);
    sc_text t = { text, len };
    sc_sim sim[CP_MAX_CRITERIA];
    exemplar_sims(sc, w, sim);
    sc_pos pos[CP_MAX_CRITERIA];
    char q[128];

    out->n = sc->ncrit;
    /* Pass 1: every kind except order. */
    for (size_t ci = 0; ci < sc->ncrit; ci++) {
        const sc_crit *c = &sc->crit[ci];
        cp_crit_result *cr = &out->crit[ci];
        cr->id = c->id;
        cr->name = c->name;
        cr->max = c->max;
        pos[ci].first_pos = pos[ci].first_neg = -1;
        if (c->kind == KIND_ORDER)
            continue;
        bool has_pos = false, has_neg = false;
        long firstneg_s = -1, firstneg_e = -1;
        long yesno_s = -1, yesno_e = -1;
        for (size_t k = 0; k < w->nm; k++) {
            const sc_match *m = &w->m[k];
            const sc_pat *p = &sc->pat[m->pat];
            if (p->crit != (int)ci || !m->valid)
                continue;
            if (p->role == ROLE_POS && c->kind != KIND_AVOID && c->kind != KIND_PRIVACY &&
                c->kind != KIND_PLAIN) {
                if (c->sarcasm == 1 && w->sarcasm)
                    continue;   /* 我太理解您了呵呵: sarcasm is not acknowledgement */
                has_pos = true;
                if (pos[ci].first_pos < 0)
                    pos[ci].first_pos = m->s;
                add_ev(w, cr, m->s, m->e, true);
            } else if (p->role == ROLE_NEG) {
                has_neg = true;
                if (pos[ci].first_neg < 0) {
                    pos[ci].first_neg = m->s;
                    firstneg_s = m->s;
                    firstneg_e = m->e;
                }
                add_ev(w, cr, m->s, m->e, false);
            }
        }
        /* need: an object (户口簿) is a step only beside an action in its sentence (带, 交, 开,
         * 去...), so 第二次说缺户口本 is not a step; avoid: passing the buck (到医保经办机构办理) is
         * a violation only when the reply offers no help of the clerk's own. */
        if (c->kind == KIND_NEED || c->kind == KIND_AVOID) {
            bool help = false;
            for (size_t k = 0; k < w->nm && !help; k++) {
                const sc_match *m = &w->m[k];
                help = sc->pat[m->pat].crit == (int)ci && m->valid && sc->pat[m->pat].role == ROLE_AUX2;
            }
            for (size_t k = 0; k < w->nm && c->kind == KIND_NEED; k++) {
                const sc_match *m = &w->m[k];
                const sc_pat *p = &sc->pat[m->pat];
                if (p->crit != (int)ci || !m->valid || p->role != ROLE_AUX1)
                    continue;
                uint16_t sent = w->c[w->cl[m->s]].sent;
                bool act = false;
                for (size_t j = 0; j < w->nm && !act; j++) {
                    const sc_match *x = &w->m[j];
                    act = sc->pat[x->pat].crit == (int)ci && x->valid && sc->pat[x->pat].role == ROLE_AUX2 &&
                          w->c[w->cl[x->s]].sent == sent;
                }
                /* a list of documents names what is needed: 户口簿、档案、社保卡 */
                for (size_t j = 0; j < w->nm && !act; j++) {
                    const sc_match *x = &w->m[j];
                    act = j != k && sc->pat[x->pat].crit == (int)ci && x->valid &&
                          sc->pat[x->pat].role == ROLE_AUX1 &&
                          ((x->s >= m->e && x->s <= m->e + 2) || (m->s >= x->e && m->s <= x->e + 2));
                }
                if (!act)
                    continue;
                has_pos = true;
                if (pos[ci].first_pos < 0 || m->s < pos[ci].first_pos)
                    pos[ci].first_pos = m->s;
                add_ev(w, cr, m->s, m->e, true);
            }
            for (size_t k = 0; k < w->nm && c->kind == KIND_AVOID && !help; k++) {
                const sc_match *m = &w->m[k];
                const sc_pat *p = &sc->pat[m->pat];
                if (p->crit != (int)ci || !m->valid || p->role != ROLE_AUX1)
                    continue;
                has_neg = true;
                if (pos[ci].first_neg < 0 || m->s < pos[ci].first_neg)
                    pos[ci].first_neg = m->s;
                if (firstneg_s < 0) {
                    firstneg_s = m->s;
                    firstneg_e = m->e;
                }
                add_ev(w, cr, m->s, m->e, false);
            }
        }
        /* ctx basis terms count as basis cues */
        if (ctx && ctx->basis && strcmp(c->id, "compliance.basis") == 0) {
            size_t ml;
            long p = find_any(sc, w, ctx->basis, &ml);
            if (p >= 0) {
                has_pos = true;
                if (pos[ci].first_pos < 0 || p < pos[ci].first_pos)
                    pos[ci].first_pos = p;
                add_ev(w, cr, (size_t)p, (size_t)p + ml, true);
            }
        }
        /* listen: open questions */
        if (c->kind == KIND_LISTEN) {
            for (size_t k = 0; k < w->nc; k++) {
                size_t at;
                if (open_question(sc, w, (int)ci, k, &at)) {
                    has_pos = true;
                    if (pos[ci].first_pos < 0 || (long)w->c[k].s < pos[ci].first_pos)
                        pos[ci].first_pos = w->c[k].s;
                    add_ev(w, cr, w->c[k].s, w->c[k].e, true);
                } else if (w->c[k].question && yesno_s < 0) {
                    yesno_s = w->c[k].s;
                    yesno_e = w->c[k].e;
                }
            }
        }
        /* privacy: full numbers and identity before details */
        bool id_missing = false;
        long detail_s = -1, detail_e = -1;
        if (c->kind == KIND_PRIVACY) {
            size_t i = 0;
            while (i < w->N) {
                if (!(w->n[i] >= '0' && w->n[i] <= '9')) {
                    i++;
                    continue;
                }
                size_t s = i, digits = 0;
                bool masked = false;
                while (i < w->N && ((w->n[i] >= '0' && w->n[i] <= '9') || w->n[i] == '-' ||
                                   w->n[i] == ' ' || w->n[i] == '*' || w->n[i] == 'x')) {
                    if (w->n[i] >= '0' && w->n[i] <= '9') digits++;
                    if (w->n[i] == '*' || (w->n[i] == 'x' && i + 1 < w->N && w->n[i + 1] == 'x'))
                        masked = true;
                    i++;
                }
                bool mobile = digits == 11 && w->n[s] == '1';
                if (!masked && (digits >= 15 || mobile) && !sc_citizen_said(ctx, w, s, i)) {
                    has_neg = true;
                    if (firstneg_s < 0) {
                        firstneg_s = (long)s;
                        firstneg_e = (long)i;
                    }
                    if (pos[ci].first_neg < 0)
                        pos[ci].first_neg = (long)s;
                    add_ev(w, cr, s, i, false);
                }
            }
            if (ctx && ctx->identity_required) {
                /* Identity before details: a detail given with a value (a number) before any
                 * identity check, or details discussed with no identity check at all. */
                long first_id = -1, id_e = -1, any_s = -1, any_e = -1;
                for (size_t k = 0; k < w->nm; k++) {
                    const sc_match *m = &w->m[k];
                    const sc_pat *p = &sc->pat[m->pat];
                    if (p->crit != (int)ci || !m->valid)
                        continue;
                    if (p->role == ROLE_AUX1 && first_id < 0) {
                        first_id = m->s;
                        id_e = m->e;
                    }
                    if (p->role == ROLE_AUX2) {
                        if (any_s < 0) {
                            any_s = m->s;
                            any_e = m->e;
                        }
                        if (detail_s < 0 && (first_id < 0 || m->s < first_id) &&
                            clause_has_value(w, m->e)) {
                            detail_s = m->s;
                            detail_e = m->e;
                        }
                    }
                }
                if (detail_s < 0 && first_id < 0 && any_s >= 0) {
                    detail_s = any_s;
                    detail_e = any_e;
                }
                if (detail_s >= 0) {
                    id_missing = true;
                    add_ev(w, cr, (size_t)detail_s, (size_t)detail_e, false);
                } else if (first_id >= 0) {
                    add_ev(w, cr, (size_t)first_id, (size_t)id_e, true);
                }
            }
        }
        /* plain language: unexplained jargon, long clauses for the elderly */
        long jargon_s = -1, jargon_e = -1, long_s = -1, long_e = -1;
        if (c->kind == KIND_PLAIN) {
            for (size_t k = 0; k < w->nm && jargon_s < 0; k++) {
                const sc_match *m = &w->m[k];
                const sc_pat *p = &sc->pat[m->pat];
                if (p->crit != (int)ci || !m->valid ||
                    !(p->role == ROLE_AUX1 || (p->role == ROLE_AUX3 && ctx && ctx->age >= 60)))
                    continue;
                /* a term inside a document title (《社会保险费征缴暂行条例》) is a name, not jargon */
                if (in_title(w, m->s))
                    continue;
                /* explained when an explanation marker is in the same sentence or next clause,
                 * or the term is followed at once by 就是/即/指 (费率就是交钱的比例) */
                uint16_t sent = w->c[w->cl[m->s]].sent;
                bool explained = defined_after(w, m->e);
                for (size_t j = 0; j < w->nm; j++) {
                    const sc_match *x = &w->m[j];
                    const sc_pat *xp = &sc->pat[x->pat];
                    if (xp->crit != (int)ci || xp->role != ROLE_AUX2)
                        continue;
                    uint16_t xs = w->c[w->cl[x->s]].sent;
                    if (xs == sent || xs == sent + 1) {   /* same or the next sentence */
                        explained = true;
                        break;
                    }
                }
                if (!explained) {
                    jargon_s = m->s;
                    jargon_e = m->e;
                }
            }
            if (jargon_s >= 0) {
                has_neg = true;
                add_ev(w, cr, (size_t)jargon_s, (size_t)jargon_e, false);
            }
            if (ctx && ctx->age >= 60 && c->long_clause > 0) {
                /* a run of text without any pause (lists with 、 and brackets are pauses) */
                size_t run_s = 0;
                for (size_t k = 0; k <= w->N && long_s < 0; k++) {
                    bool brk = k == w->N || is_clause_break(w->n[k]) || w->n[k] == 0x3001 ||
                               w->n[k] == '(' || w->n[k] == ')';
                    if (!brk)
                        continue;
                    if (k - run_s > (size_t)c->long_clause) {
                        long_s = (long)run_s;
                        long_e = (long)k;
                    }
                    run_s = k + 1;
                }
                if (long_s >= 0) {
                    has_neg = true;
                    add_ev(w, cr, (size_t)long_s, (size_t)long_e, false);
                }
            }
        }
        /* sarcasm: a violation where the rubric says so */
        if (c->sarcasm == 2 && w->sarcasm) {
            has_neg = true;
            if (firstneg_s < 0) {
                firstneg_s = w->sarcasm_pos;
                firstneg_e = w->sarcasm_end;
            }
            if (pos[ci].first_neg < 0)
                pos[ci].first_neg = w->sarcasm_pos;
            add_ev(w, cr, (size_t)w->sarcasm_pos, (size_t)w->sarcasm_end, false);
        }
        /* exemplars */
        double th = c->threshold > 0 ? c->threshold : sc->default_threshold;
        const sc_sim *sm = &sim[ci];
        bool ex_pos = false, ex_neg = false;
        if (!has_pos && !(c->sarcasm == 1 && w->sarcasm) && sm->good >= th && sm->good > sm->bad && c->kind != KIND_AVOID &&
            c->kind != KIND_PRIVACY && c->kind != KIND_PLAIN) {
            ex_pos = true;
            const sc_clause *cl = &w->c[sm->good_clause];
            if (pos[ci].first_pos < 0)
                pos[ci].first_pos = cl->s;
            add_ev(w, cr, cl->s, cl->e, true);
        }
        if (!has_neg && sm->bad >= th && sm->bad > sm->good &&
            (c->kind == KIND_AVOID || c->kind == KIND_BOTH)) {
            ex_neg = true;
            const sc_clause *cl = &w->c[sm->bad_clause];
            if (pos[ci].first_neg < 0)
                pos[ci].first_neg = cl->s;
            firstneg_s = cl->s;
            firstneg_e = cl->e;
            add_ev(w, cr, cl->s, cl->e, false);
        }
        bool neg = has_neg || ex_neg || id_missing;
        bool posv = has_pos || ex_pos;
        switch (c->kind) {
        case KIND_NEED: case KIND_LISTEN: cr->met = posv; break;
        case KIND_AVOID: case KIND_PRIVACY: case KIND_PLAIN: cr->met = !neg; break;
        case KIND_BOTH: cr->met = posv && !neg; break;
        case KIND_ORDER: break;
        }
        cr->score = cr->met ? c->max : 0;
        if (cr->met)
            continue;
        /* note */
        if (c->kind == KIND_PLAIN && jargon_s >= 0 && firstneg_s < 0) {
            quote(&t, w->oi[jargon_s], w->oi[jargon_e - 1] + 1, q, sizeof q);
            note_add(cr, "术语「");
            note_add(cr, q);
            note_add(cr, "」没有用大白话解释");
            note_add(cr, long_s >= 0 ? "；对老年人句子也太长，请拆成短句。" : "。");
        } else if (neg && firstneg_s >= 0) {
            quote(&t, w->oi[firstneg_s], w->oi[firstneg_e - 1] + 1, q, sizeof q);
            note_add(cr, c->violated && *c->violated ? c->violated : "这句话不合适");
            note_add(cr, "：「");
            note_add(cr, q);
            note_add(cr, "」。");
        } else if (id_missing) {
            quote(&t, w->oi[detail_s], w->oi[detail_e - 1] + 1, q, sizeof q);
            note_add(cr, "谈到个人信息「");
            note_add(cr, q);
            note_add(cr, "」之前没有先核实身份。");
        } else if (long_s >= 0) {
            note_add(cr, "对老年人句子太长，请拆成短句：「");
            quote(&t, w->oi[long_s], w->oi[long_e - 1] + 1, q, sizeof q);
            note_add(cr, q);
            note_add(cr, "」。");
        } else {
            if (c->kind == KIND_LISTEN && yesno_s >= 0) {
                quote(&t, w->oi[yesno_s], w->oi[yesno_e - 1] + 1, q, sizeof q);
                note_add(cr, "「");
                note_add(cr, q);
                note_add(cr, "」只是是非题，不算开放式提问。");
            }
            note_add(cr, c->missing && *c->missing ? c->missing : "没有做到这一点。");
        }
        note_model(cr, ctx && ctx->node ? NULL : c->model);
    }
    /* Pass 2: order of moves. */
    for (size_t ci = 0; ci < sc->ncrit; ci++) {
        const sc_crit *c = &sc->crit[ci];
        if (c->kind != KIND_ORDER)
            continue;
        cp_crit_result *cr = &out->crit[ci];
        long first_open = -1, first_content = -1;
        for (int k = 0; k < c->nopen; k++) {
            long p = pos[c->open_idx[k]].first_pos;
            if (p >= 0 && (first_open < 0 || p < first_open))
                first_open = p;
        }
        for (int k = 0; k < c->ncontent; k++) {
            const sc_crit *cc = &sc->crit[c->content_idx[k]];
            long p = (cc->kind == KIND_AVOID || cc->kind == KIND_PRIVACY || cc->kind == KIND_PLAIN)
                         ? pos[c->content_idx[k]].first_neg : pos[c->content_idx[k]].first_pos;
            if (p >= 0 && (first_content < 0 || p < first_content))
                first_content = p;
        }
        long cs = -1, ce = -1;
        for (size_t k = 0; k < w->nm; k++) {
            const sc_match *m = &w->m[k];
            const sc_pat *p = &sc->pat[m->pat];
            if (p->crit == (int)ci && p->role == ROLE_POS && m->valid) {
                if (first_content < 0 || m->s < first_content)
                    first_content = m->s;
                break;
            }
        }
        /* content inside the same clause as the opening move, after it, is fine */
        cr->met = first_open >= 0 && (first_content < 0 || first_open <= first_content ||
                                      w->cl[first_open] == w->cl[first_content]);
        if (first_open >= 0 && first_content >= 0 && first_content < first_open &&
            w->cl[first_open] == w->cl[first_content])
            cr->met = false;
        cr->score = cr->met ? c->max : 0;
        if (first_open >= 0)
            add_ev(w, cr, (size_t)first_open, w->c[w->cl[first_open]].e, cr->met);
        if (first_content >= 0 && !cr->met) {
            cs = first_content;
            ce = w->c[w->cl[first_content]].e;
            add_ev(w, cr, (size_t)cs, (size_t)ce, false);
        }
        if (!cr->met) {
            if (first_open < 0) {
                note_add(cr, c->missing && *c->missing ? c->missing
                                                       : "回复里没有倾听、确认或共情的开场。");
            } else {
                quote(&t, w->oi[cs], w->oi[ce - 1] + 1, q, sizeof q);
                note_add(cr, "先讲了「");
                note_add(cr, q);
                note_add(cr, "」，之后才倾听或共情；应先共情、确认，再解释和给方案。");
            }
            note_model(cr, ctx && ctx->node ? NULL : c->model);
        }
    }
    /* The one-time notice. */
    size_t at = sc->ncrit;
    if (ctx && ctx->notice) {
        const cp_notice *nt = ctx->notice;
        cp_crit_result *cr = &out->crit[at++];
        cr->id = NOTICE_ID;
        cr->name = sc->notice_name ? sc->notice_name : "一次性告知";
        cr->max = 1;
        size_t parts = 0, got = 0;
        char missing[CP_NOTE_MAX];
        missing[0] = '\0';
        size_t mo = 0;
#define MISS(...) do { int r_ = snprintf(missing + mo, sizeof missing - mo, __VA_ARGS__); \
        if (r_ > 0) mo = (mo + (size_t)r_ < sizeof missing) ? mo + (size_t)r_ : sizeof missing - 1; } while (0)
        for (size_t i = 0; i < nt->nitems; i++) {
            const cp_notice_item *it = &nt->items[i];
            size_t ml;
            parts++;
            long p = find_any(sc, w, &it->match, &ml);
            if (p >= 0) {
                if (i < 32)
                    out->named |= 1u << i;
                got++;
                add_ev(w, cr, (size_t)p, (size_t)p + ml, true);
            }
            long wp = -1;
            if (it->where.n > 0) {
                parts++;
                wp = find_any(sc, w, &it->where, &ml);
                if (wp >= 0) {
                    got++;
                    add_ev(w, cr, (size_t)wp, (size_t)wp + ml, true);
                }
            }
            const char *label = it->label ? it->label : (it->match.n ? it->match.v[0] : "?");
            if (p < 0 && it->where.n > 0 && wp < 0)
                MISS("%s%s（在哪办：如%s）", mo ? "；" : "", label, it->where.v[0]);
            else if (p < 0)
                MISS("%s%s", mo ? "；" : "", label);
            else if (it->where.n > 0 && wp < 0)
                MISS("%s%s在哪办（如%s）", mo ? "；" : "", label, it->where.v[0]);
        }
        if (nt->deadline.n > 0) {
            size_t ml;
            parts++;
            /* The deadline is understood, not listed: any expression of the same date or period
             * counts (本月25号前 = 这个月25日以前); a different one is named as wrong. Phrases that
             * are not time expressions still match literally. */
            sc_when want[8], have[32];
            size_t nwant = 0;
            for (size_t k = 0; k < nt->deadline.n && nwant < 8; k++)
                nwant += sc_when_text(&sc->nm, nt->deadline.v[k], want + nwant, 8 - nwant);
            size_t nhave = nwant ? sc_when_scan(w->n, w->N, have, 32) : 0;
            long p = -1, wrong = -1;
            size_t wrong_e = 0;
            for (size_t h = 0; h < nhave && p < 0; h++) {
                bool same = false;
                for (size_t k = 0; k < nwant && !same; k++)
                    same = sc_when_same(&have[h], &want[k]);
                if (same) {
                    p = have[h].s;
                    ml = (size_t)(have[h].e - have[h].s);
                } else if (wrong < 0 && have[h].kind != SC_WHEN_RELDAY) {
                    wrong = have[h].s;
                    wrong_e = have[h].e;
                }
            }
            if (p < 0)
                p = find_any(sc, w, &nt->deadline, &ml);
            if (p >= 0) {
                got++;
                out->deadline_named = true;
                add_ev(w, cr, (size_t)p, (size_t)p + ml, true);
            } else if (wrong >= 0) {
                char qw[96];
                quote(&t, w->oi[wrong], w->oi[wrong_e - 1] + 1, qw, sizeof qw);
                MISS("%s办理时限说成了「%s」，应为%s", mo ? "；" : "", qw, nt->deadline.v[0]);
            } else {
                MISS("%s办理时限（%s）", mo ? "；" : "", nt->deadline.v[0]);
            }
        }
#undef MISS
        cr->met = got == parts;
        cr->score = parts ? cr->max * (double)got / (double)parts : cr->max;
        if (!cr->met) {
            note_add(cr, "一次性告知不完整，缺：");
            note_add(cr, missing);
            note_add(cr, "。");
            note_model(cr, sc->notice_model);
        }
    }
    for (size_t i = 0; ctx && i < ctx->nchecks; i++) {
        const cp_check *ck = &ctx->checks[i];
        cp_crit_result *cr = &out->crit[at++];
        cr->id = ck->id ? ck->id : "check";
        cr->name = ck->name ? ck->name : cr->id;
        cr->max = 1;
        bool all = true;
        for (size_t g = 0; g < ck->nall; g++) {
            size_t ml;
            long p = find_any(sc, w, &ck->all[g], &ml);
            if (p >= 0)
                add_ev(w, cr, (size_t)p, (size_t)p + ml, true);
            else
                all = false;
        }
        cr->met = all;
        cr->score = all ? cr->max : 0;
        if (!all)
            note_add(cr, ck->note && *ck->note ? ck->note : "没有说到这一点。");
    }
    out->n = at;
    for (size_t i = 0; i < out->n; i++) {
        out->score += out->crit[i].score;
        out->max += out->crit[i].max;
    }
    return 0;
}

/* Debugging aid for rubric authors and the eval tool: prints every cue match of a reply. */
void sc_explain(const cp_scorer *sc, const char *text, size_t len, FILE *f)
{
    sc_work *w = cp_xmalloc(sizeof *w);
    load_text(sc, w, text, len);
    scan(sc, w);
    fprintf(f, "clauses:");
    for (size_t i = 0; i < w->nc; i++)
        fprintf(f, " [%u,%u)%s", w->c[i].s, w->c[i].e, w->c[i].question ? "?" : "");
    fprintf(f, "\n");
    for (size_t k = 0; k < w->nm; k++) {
        const sc_match *m = &w->m[k];
        const sc_pat *p = &sc->pat[m->pat];
        if (p->crit < 0 && p->role == LEX_PASS)
            continue;
        fprintf(f, "  %-24s role=%d [%u,%u) %s%s%s\n", p->crit >= 0 ? sc->crit[p->crit].id : "lexicon",
                p->role, m->s, m->e, p->text, m->valid ? "" : " (invalid)", m->negated ? " (negated)" : "");
    }
    sc_sim sim[CP_MAX_CRITERIA];
    exemplar_sims(sc, w, sim);
    for (size_t i = 0; i < sc->ncrit; i++)
        if (sim[i].good > 0.3 || sim[i].bad > 0.3)
            fprintf(f, "  exemplar %-22s good=%.2f (clause %d) bad=%.2f (clause %d)\n", sc->crit[i].id,
                    sim[i].good, sim[i].good_clause, sim[i].bad, sim[i].bad_clause);
    free(w);
}

void sc_note_add(cp_crit_result *cr, const char *s)
{
    note_add(cr, s);
}
