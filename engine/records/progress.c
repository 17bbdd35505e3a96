/* progress.c - self-study progress once read from the records (by the records: cp_records_progress
 * in engine/records/records_progress.c): per criterion, the met rate in each session over
 * time, what each scenario trains, and the recommendation of the next scenario for the weakest
 * criterion.
 * Must not: read a clock or guess: a criterion never practised counts as 0.5, stated in
 * cp_progress.h; or touch a database. */
#include "progress_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cp_progress_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t cp_progress_find(const cp_progress *p, const char *criterion)
{
    char *const *hit = bsearch(&criterion, p->criteria.v, p->criteria.n, sizeof *p->criteria.v,
                               cp_progress_cmp_str);
    return hit ? (size_t)(hit - p->criteria.v) : (size_t)-1;
}

void cp_progress_free(cp_progress *p)
{
    if (!p)
        return;
    cp_strlist_free(&p->criteria);
    cp_strlist_free(&p->scenarios);
    free(p->sess);
    free(p->met);
    free(p->total);
    free(p);
}

size_t cp_progress_ncriteria(const cp_progress *p) { return p->criteria.n; }
const char *cp_progress_criterion(const cp_progress *p, size_t i) { return p->criteria.v[i]; }
size_t cp_progress_nsessions(const cp_progress *p) { return p->nsess; }
int64_t cp_progress_session(const cp_progress *p, size_t j) { return p->sess[j]; }
const char *cp_progress_scenario(const cp_progress *p, size_t j) { return p->scenarios.v[j]; }

void cp_progress_cell(const cp_progress *p, size_t i, size_t j, int *met, int *total)
{
    *met = p->met[i * p->nsess + j];
    *total = p->total[i * p->nsess + j];
}

/* Met and total of criterion i over the last `last` sessions (0 = all). */
static void sums(const cp_progress *p, size_t i, size_t last, int *met, int *total)
{
    *met = *total = 0;
    size_t from = last && p->nsess > last ? p->nsess - last : 0;
    for (size_t j = from; j < p->nsess; j++) {
        *met += p->met[i * p->nsess + j];
        *total += p->total[i * p->nsess + j];
    }
}

double cp_progress_rate(const cp_progress *p, size_t i, size_t last, int *total)
{
    int m, t;
    sums(p, i, last, &m, &t);
    if (total)
        *total = t;
    return t ? (double)m / t : -1;
}

int cp_progress_played(const cp_progress *p, const char *scenario)
{
    int n = 0;
    for (size_t j = 0; j < p->nsess; j++)
        n += strcmp(p->scenarios.v[j], scenario) == 0;
    return n;
}

/* ---- What a scenario trains ---- */

/* Mirrors the session's focus rule (cp_session_focus). */
static bool focus(const cp_node *nd, const char *id)
{
    if (cp_strlist_has(&nd->criteria, id))
        return true;
    if (nd->notice && strcmp(id, "clarity.one_time_notice") == 0)
        return true;
    for (size_t i = 0; i < nd->nchecks; i++)
        if (strcmp(nd->checks[i].id, id) == 0)
            return true;
    return false;
}

int cp_scenario_trains(const cp_scenario *sc, const char *criterion)
{
    int w = 0;
    for (size_t i = 0; i < sc->nnodes; i++) {
        const cp_node *nd = &sc->nodes[i];
        if (nd->is_ending || !focus(nd, criterion))
            continue;
        w += 2;
        for (size_t k = 0; k < nd->nreacts; k++) {
            const cp_react *r = &nd->reacts[k];
            if (strcmp(r->criterion, criterion) == 0 &&
                (r->met_anger || r->met_trust || r->missed_anger || r->missed_trust)) {
                w += 1;
                break;
            }
        }
    }
    return w;
}

/* Every criterion some scenario counts somewhere. */
static void trained_criteria(const cp_scenario *const *scs, size_t n, cp_strlist *out)
{
    for (size_t s = 0; s < n; s++)
        for (size_t i = 0; i < scs[s]->nnodes; i++) {
            const cp_node *nd = &scs[s]->nodes[i];
            if (nd->is_ending)
                continue;
            for (size_t k = 0; k < nd->criteria.n; k++)
                if (!cp_strlist_has(out, nd->criteria.v[k]))
                    cp_strlist_push(out, nd->criteria.v[k]);
            if (nd->notice && !cp_strlist_has(out, "clarity.one_time_notice"))
                cp_strlist_push(out, "clarity.one_time_notice");
            for (size_t k = 0; k < nd->nchecks; k++)
                if (!cp_strlist_has(out, nd->checks[k].id))
                    cp_strlist_push(out, nd->checks[k].id);
        }
}

typedef struct cand {
    const char *id;
    double rate;
    int total;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->rate != y->rate)
        return x->rate < y->rate ? -1 : 1;
    if (x->total != y->total)
        return x->total < y->total ? -1 : 1;
    return strcmp(x->id, y->id);
}

int cp_recommend(const cp_progress *p, const cp_scenario *const *scs, size_t n,
                 cp_recommendation *out)
{
    memset(out, 0, sizeof *out);
    cp_strlist ids = { 0 };
    trained_criteria(scs, n, &ids);
    if (ids.n == 0)
        return -1;
    cand *c = cp_xcalloc(ids.n, sizeof *c);
    for (size_t i = 0; i < ids.n; i++) {
        int met = 0, total = 0;
        size_t k = p ? cp_progress_find(p, ids.v[i]) : (size_t)-1;
        if (k != (size_t)-1)
            sums(p, k, CP_PROGRESS_RECENT, &met, &total);
        c[i].id = ids.v[i];
        c[i].rate = (met + 1.0) / (total + 2.0);
        c[i].total = total;
    }
    qsort(c, ids.n, sizeof *c, cmp_cand);
    int rc = -1;
    for (size_t i = 0; i < ids.n && rc != 0; i++) {
        int best = 0;
        for (size_t s = 0; s < n; s++) {
            int w = cp_scenario_trains(scs[s], c[i].id);
            if (w == 0)
                continue;
            bool better = w > best;
            if (w == best && p)
                better = cp_progress_played(p, scs[s]->id) < cp_progress_played(p, scs[out->scenario]->id);
            if (better) {
                best = w;
                out->scenario = s;
            }
        }
        if (best > 0) {
            snprintf(out->criterion, sizeof out->criterion, "%s", c[i].id);
            out->rate = c[i].rate;
            out->weight = best;
            rc = 0;
        }
    }
    free(c);
    cp_strlist_free(&ids);
    return rc;
}
