/* ending.c - the end screen's report on an ended session (cp_session_ending_report): the
 * ending's Chinese name and why, the citizen's rating and what a 5 takes, the turns that moved
 * anger and trust most with the criteria whose reacts moved them, the totals and each
 * criterion's met count. The terminal (engine/cli) and the window read the same report.
 * Must not: change the session, run scenario functions, or show an internal id to a trainee. */
#include "cp_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One criterion's part in a turn's movement. */
typedef struct part {
    const char *name;
    bool met;
    int da, dt;
} part;

static int iabs(int v) { return v < 0 ? -v : v; }

static int cmp_part(const void *a, const void *b)
{
    const part *x = a, *y = b;
    int wx = iabs(x->da) + iabs(x->dt), wy = iabs(y->da) + iabs(y->dt);
    return (wx < wy) - (wx > wy);   /* > 0: x moved less than y (goes after it) */
}

/* Appends one part ("没做到「不指责」（怒气+25，信任-20）") to why when it fits whole. */
static bool why_add(char *why, size_t size, const part *p)
{
    char item[200], num[64] = "";
    if (p->da && p->dt)
        snprintf(num, sizeof num, "怒气%+d，信任%+d", p->da, p->dt);
    else if (p->da)
        snprintf(num, sizeof num, "怒气%+d", p->da);
    else
        snprintf(num, sizeof num, "信任%+d", p->dt);
    snprintf(item, sizeof item, "%s%s「%s」（%s）", why[0] ? "；" : "", p->met ? "做到" : "没做到",
             p->name, num);
    size_t have = strlen(why), add = strlen(item);
    if (have + add + 1 > size)
        return false;
    memcpy(why + have, item, add + 1);
    return true;
}

/* Why turn t (at node nd) moved the persona: its reacts to the criteria the turn shows. */
static void explain_turn(const cp_node *nd, const cp_turn *t, char *why, size_t size)
{
    why[0] = '\0';
    if (!nd || nd->is_ending || !nd->nreacts)
        return;
    part *parts = cp_xcalloc(nd->nreacts, sizeof *parts);
    size_t n = 0;
    for (size_t k = 0; k < nd->nreacts; k++) {
        const cp_react *rc = &nd->reacts[k];
        const cp_crit_result *c = cp_result_find(&t->result, rc->criterion);
        if (!c)
            continue;
        int da = c->met ? rc->met_anger : rc->missed_anger;
        int dt = c->met ? rc->met_trust : rc->missed_trust;
        if (!da && !dt)
            continue;
        parts[n++] = (part){ c->name ? c->name : c->id, c->met, da, dt };
    }
    /* stable: insertion sort by weight (n is small) keeps the node's react order on ties */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && cmp_part(&parts[j - 1], &parts[j]) > 0; j--) {
            part tmp = parts[j];
            parts[j] = parts[j - 1];
            parts[j - 1] = tmp;
        }
    for (size_t i = 0; i < n; i++)
        if (!why_add(why, size, &parts[i])) {
            size_t have = strlen(why);
            if (have + sizeof "……" <= size)
                memcpy(why + have, "……", sizeof "……");
            break;
        }
    free(parts);
}

static void tally(cp_ending_report *r, const cp_result *res)
{
    for (size_t i = 0; i < res->n; i++) {
        const cp_crit_result *c = &res->crit[i];
        if (!c->id)
            continue;
        size_t k;
        for (k = 0; k < r->ncrit; k++)
            if (strcmp(r->crit[k].id, c->id) == 0)
                break;
        if (k == r->ncrit) {
            if (r->ncrit == CP_ENDING_MAX_CRIT)
                continue;
            r->crit[r->ncrit++] = (cp_ending_crit){ c->id, c->name ? c->name : c->id, 0, 0 };
        }
        r->crit[k].shown++;
        r->crit[k].met += c->met;
    }
}

int cp_session_ending_report(const cp_session *s, cp_ending_report *r)
{
    memset(r, 0, sizeof *r);
    if (!cp_session_ended(s))
        return -1;
    const cp_scenario *sc = cp_session_scenario(s);
    const cp_node *end = cp_session_node(s);
    r->title = cp_scenario_ending_title(end);
    r->explain = end->explain ? end->explain : "";
    r->rating = end->rating >= 1 && end->rating <= 5 ? end->rating : 0;
    r->rating_name = cp_scenario_rating_name(r->rating);
    r->top = r->rating < 5 && sc->top ? sc->top : "";

    /* the three turns that moved the persona most (ties: the earlier turn) */
    size_t best[3];
    int weight[3];
    size_t nbest = 0;
    int anger = sc->persona.anger, trust = sc->persona.trust;
    size_t n = cp_session_nturns(s);
    for (size_t i = 0; i < n; i++) {
        const cp_turn *t = cp_session_turn(s, i);
        int w = iabs(t->anger - anger) + iabs(t->trust - trust);
        anger = t->anger;
        trust = t->trust;
        r->score += t->score;
        r->max += t->max;
        tally(r, &t->result);
        if (w == 0)
            continue;
        size_t pos = nbest;
        while (pos > 0 && weight[pos - 1] < w)
            pos--;
        if (pos >= 3)
            continue;
        for (size_t k = nbest < 3 ? nbest : 2; k > pos; k--) {
            best[k] = best[k - 1];
            weight[k] = weight[k - 1];
        }
        best[pos] = i;
        weight[pos] = w;
        if (nbest < 3)
            nbest++;
    }
    /* shown in turn order */
    for (size_t i = 1; i < nbest; i++)
        for (size_t j = i; j > 0 && best[j - 1] > best[j]; j--) {
            size_t tmp = best[j];
            best[j] = best[j - 1];
            best[j - 1] = tmp;
        }
    for (size_t m = 0; m < nbest; m++) {
        size_t i = best[m];
        const cp_turn *t = cp_session_turn(s, i);
        int pa = i ? cp_session_turn(s, i - 1)->anger : sc->persona.anger;
        int pt = i ? cp_session_turn(s, i - 1)->trust : sc->persona.trust;
        cp_ending_moment *mo = &r->moments[r->nmoments++];
        mo->turn = i;
        mo->d_anger = t->anger - pa;
        mo->d_trust = t->trust - pt;
        int idx = t->node ? cp_scenario_find(sc, t->node) : -1;
        explain_turn(idx >= 0 ? &sc->nodes[idx] : NULL, t, mo->why, sizeof mo->why);
    }
    return 0;
}
