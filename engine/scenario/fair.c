/* fair.c - what `check` asks of a scenario beyond what a session needs to run: the parts a
 * trainee is shown (the case brief, what a 5 takes, every ending's Chinese name) and fair play:
 *  (a) every fact a node scores is something the trainee can know: each notice item (one of its
 *      match words), where to get it (one of its where words), the deadline (the same date or
 *      period), the node's basis (one term) and each group of each check (one term) is in the
 *      brief, or in a line the citizen says on every path from the start up to that node;
 *  (b) a node the session can enter again does not say the same line on its second visit;
 *  (c) a transition's met/missed conditions test only criteria the node scores (its focus) or
 *      conduct criteria, which are judged on every reply; any other never holds.
 * Function `say`s are run with a neutral state (the persona's starting mood, no flags, no reply
 * before); one that fails there counts as saying nothing (a warning says so).
 * Must not: change the scenario, or stop a session from starting (session.c runs only
 * cp_scenario_lint). */
#include "session_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fair {
    const cp_scenario *sc;
    const cp_scorer *scorer;
    cp_lint_fn fn;
    void *ud;
    int count;
    size_t n;
    bool *reach;         /* reachable from the start */
    char **line;         /* what each node says on a first visit (NULL: a function that failed) */
    bool *said;          /* scratch: node i's line holds the fact asked about */
    bool *heard;         /* scratch: heard on every path up to node i */
} fair;

static void report(fair *f, int line, const char *fmt, ...) CP_PRINTF(3, 4);
static void report(fair *f, int line, const char *fmt, ...)
{
    char msg[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (strncmp(msg, "warning: ", 9) != 0)
        f->count++;
    if (f->fn)
        f->fn(f->ud, f->sc->path, line, msg);
}

/* What node idx says at visit `visits` from a neutral state; NULL (err filled) on failure. */
static char *say_at(const cp_scenario *sc, int idx, int visits, cp_error *err)
{
    cp_strlist none = { 0 };
    cp_script_state st = { .anger = sc->persona.anger, .trust = sc->persona.trust,
                           .turn = idx == sc->start ? visits - 1 : visits, .visits = visits,
                           .flags = &none };
    cp_error_clear(err);
    return cp_step_say(sc, idx, &st, err);
}

/* ---- (a) facts a trainee can know ---- */

/* The kinds of fact a node scores; how a line is searched for one. */
enum fact { FACT_TERM, FACT_DEADLINE };

static bool text_holds(const fair *f, const char *text, enum fact kind, const cp_strlist *alts)
{
    for (size_t i = 0; text && i < alts->n; i++)
        if (kind == FACT_DEADLINE ? cp_scorer_text_has_deadline(f->scorer, text, alts->v[i])
                                  : cp_scorer_text_has(f->scorer, text, alts->v[i]))
            return true;
    return false;
}

static bool brief_holds(const fair *f, enum fact kind, const cp_strlist *alts)
{
    const cp_brief *b = &f->sc->brief;
    if (text_holds(f, b->who, kind, alts))
        return true;
    const cp_strlist *parts[] = { &b->brought, &b->system, &b->rules, &b->facts };
    for (size_t p = 0; p < 4; p++)
        for (size_t i = 0; i < parts[p]->n; i++)
            if (text_holds(f, parts[p]->v[i], kind, alts))
                return true;
    return false;
}

/* Whether the citizen says one of alts on every path from the start to node idx (its own line
 * included): the greatest fixed point of heard(i) = said(i) or (i is not the start and every
 * reachable node leading to i heard it). */
static bool heard_by(fair *f, int idx, enum fact kind, const cp_strlist *alts)
{
    const cp_scenario *sc = f->sc;
    for (size_t i = 0; i < f->n; i++) {
        f->said[i] = f->reach[i] && text_holds(f, f->line[i], kind, alts);
        f->heard[i] = f->reach[i];
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < f->n; i++) {
            if (!f->heard[i] || f->said[i])
                continue;
            bool all = (int)i != sc->start;
            for (size_t p = 0; p < f->n && all; p++) {
                if (!f->reach[p] || sc->nodes[p].is_ending)
                    continue;
                for (size_t k = 0; k < sc->nodes[p].nnext && all; k++)
                    if (sc->nodes[p].next[k].target == (int)i && !f->heard[p])
                        all = false;
            }
            if (!all) {
                f->heard[i] = false;
                changed = true;
            }
        }
    }
    return f->heard[idx];
}

/* "a/b/c" of a list, bounded. */
static void alts_text(const cp_strlist *l, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t have = 0;
    for (size_t i = 0; i < l->n; i++) {
        int w = snprintf(buf + have, size - have, "%s%s", i ? "/" : "", l->v[i]);
        if (w < 0 || (size_t)w >= size - have) {
            buf[have] = '\0';
            break;
        }
        have += (size_t)w;
    }
}

#define UNKNOWABLE "is neither in the brief nor said by the citizen on every path to here " \
                   "(a trainee cannot know it)"

static void need_fact(fair *f, int idx, enum fact kind, const cp_strlist *alts, const char *what)
{
    if (!alts->n || brief_holds(f, kind, alts) || heard_by(f, idx, kind, alts))
        return;
    char a[600];
    alts_text(alts, a, sizeof a);
    report(f, f->sc->nodes[idx].line, "node '%s': %s (one of: %s) " UNKNOWABLE,
           f->sc->nodes[idx].id, what, a);
}

static void check_facts(fair *f, int idx)
{
    const cp_node *nd = &f->sc->nodes[idx];
    char what[300];
    if (nd->notice) {
        for (size_t i = 0; i < nd->notice->nitems; i++) {
            const cp_notice_item *it = &nd->notice->items[i];
            snprintf(what, sizeof what, "notice item '%s'", it->label ? it->label : "?");
            need_fact(f, idx, FACT_TERM, &it->match, what);
            snprintf(what, sizeof what, "where to get notice item '%s'",
                     it->label ? it->label : "?");
            need_fact(f, idx, FACT_TERM, &it->where, what);
        }
        need_fact(f, idx, FACT_DEADLINE, &nd->notice->deadline, "the notice's deadline");
    }
    need_fact(f, idx, FACT_TERM, &nd->basis, "the basis");
    for (size_t c = 0; c < nd->nchecks; c++)
        for (size_t g = 0; g < nd->checks[c].nall; g++) {
            snprintf(what, sizeof what, "check '%s', group %zu of 'all'",
                     nd->checks[c].id ? nd->checks[c].id : "?", g + 1);
            need_fact(f, idx, FACT_TERM, &nd->checks[c].all[g], what);
        }
}

/* ---- (b) a second visit that repeats the first ---- */

/* True when a transition always matches: no condition, or only ones that always hold
 * (visits_at_least 1, anger_at_least 0, anger_below 101 ...). */
static bool always(const cp_transition *t)
{
    return t->fn_ref == CP_NO_FN && !t->met.n && !t->met_any.n && !t->missed.n &&
           !t->missed_any.n && !t->flags.n && !t->not_flags.n &&
           (t->anger_below == CP_UNSET || t->anger_below > 100) &&
           (t->trust_below == CP_UNSET || t->trust_below > 100) &&
           (t->anger_at_least == CP_UNSET || t->anger_at_least <= 0) &&
           (t->trust_at_least == CP_UNSET || t->trust_at_least <= 0) &&
           (t->visits_at_least == CP_UNSET || t->visits_at_least <= 1) &&
           (t->turns_at_least == CP_UNSET || t->turns_at_least <= 1) && t->score_at_least < 0;
}

static bool has_fallback(const cp_node *nd)
{
    for (size_t k = 0; k < nd->nnext; k++)
        if (always(&nd->next[k]))
            return true;
    return false;
}

/* Whether node `to` reaches node `from` through transitions (to == from counts). */
static bool reaches(const fair *f, int to, int from, bool *seen)
{
    const cp_scenario *sc = f->sc;
    memset(seen, 0, f->n);
    int *stack = cp_xmalloc((f->n + 1) * sizeof *stack);
    size_t sp = 0;
    stack[sp++] = to;
    seen[to] = true;
    bool found = false;
    while (sp && !found) {
        int i = stack[--sp];
        if (i == from) {
            found = true;
            break;
        }
        for (size_t k = 0; k < sc->nodes[i].nnext; k++) {
            int t = sc->nodes[i].next[k].target;
            if (t >= 0 && !seen[t]) {
                seen[t] = true;
                stack[sp++] = t;
            }
        }
    }
    free(stack);
    return found;
}

static void check_revisit(fair *f, int idx, bool *seen)
{
    const cp_scenario *sc = f->sc;
    const cp_node *nd = &sc->nodes[idx];
    char how[300] = "";
    /* a transition back to it, from itself or from a node it leads to */
    for (size_t p = 0; p < f->n && !how[0]; p++) {
        if (!f->reach[p] || sc->nodes[p].is_ending)
            continue;
        for (size_t k = 0; k < sc->nodes[p].nnext && !how[0]; k++) {
            const cp_transition *t = &sc->nodes[p].next[k];
            if (t->target != idx || !reaches(f, idx, (int)p, seen))
                continue;
            if ((int)p == idx)
                snprintf(how, sizeof how, "a transition of its own goes back to it");
            else
                snprintf(how, sizeof how, "node '%s' at line %d leads back to it",
                         sc->nodes[p].id, t->line);
        }
    }
    if (!how[0] && !has_fallback(nd))
        snprintf(how, sizeof how, "no transition always matches, so a reply can stay here");
    if (!how[0])
        return;
    cp_error e1 = { 0 }, e2 = { 0 };
    char *first = say_at(sc, idx, 1, &e1), *second = first ? say_at(sc, idx, 2, &e2) : NULL;
    if (first && second && strcmp(first, second) == 0)
        report(f, nd->line, "node '%s' can be entered again (%s) and says the same line on the "
               "second visit: vary it by state.visits (or state.last)", nd->id, how);
    free(first);
    free(second);
}

/* ---- (c) conditions on criteria the node does not judge ---- */

static bool known_here(const fair *f, const cp_node *nd, const char *id)
{
    if (cp_session_focus(nd, id))
        return true;
    if (strcmp(id, "clarity.one_time_notice") == 0)
        return false;
    return cp_scorer_knows(f->scorer, id);
}

static void check_conditions(fair *f, const cp_node *nd)
{
    for (size_t k = 0; k < nd->nnext; k++) {
        const cp_transition *t = &nd->next[k];
        const struct { const cp_strlist *l; const char *key; } lists[] = {
            { &t->met, "met" }, { &t->met_any, "met_any" }, { &t->missed, "missed" },
            { &t->missed_any, "missed_any" },
        };
        for (size_t j = 0; j < 4; j++)
            for (size_t i = 0; i < lists[j].l->n; i++) {
                const char *id = lists[j].l->v[i];
                if (cp_session_focus(nd, id) || !known_here(f, nd, id) ||
                    cp_scorer_conduct(f->scorer, id))
                    continue;   /* scored here, a conduct rule, or unknown (lint says so) */
                report(f, t->line, "node '%s': transition to '%s' tests '%s' (%s), which this "
                       "node does not score (not in its criteria, notice or checks, not a conduct "
                       "criterion): the condition never holds", nd->id, t->go ? t->go : "?", id,
                       lists[j].key);
            }
    }
}

/* ---- Public ---- */

int cp_scenario_lint_fair(const cp_scenario *sc, const cp_scorer *scorer, cp_lint_fn fn, void *ud)
{
    fair f = { .sc = sc, .scorer = scorer, .fn = fn, .ud = ud, .n = sc->nnodes };
    if (!sc->brief.given)
        report(&f, sc->line, "scenario: no 'brief' (the case brief a trainee is shown: who, "
               "brought, system, rules, facts)");
    if (!sc->top || !sc->top[0])
        report(&f, sc->line, "scenario: no 'top' (what the top rating takes, shown on the end "
               "screen)");
    for (size_t i = 0; i < f.n; i++)
        if (sc->nodes[i].is_ending && (!sc->nodes[i].title || !sc->nodes[i].title[0]))
            report(&f, sc->nodes[i].line, "ending '%s' has no 'title' (its Chinese name on the "
                   "end screen)", sc->nodes[i].id);
    if (sc->start < 0 || !f.n)
        return f.count;

    f.reach = cp_xcalloc(f.n, 1);
    f.said = cp_xcalloc(f.n, 1);
    f.heard = cp_xcalloc(f.n, 1);
    bool *seen = cp_xcalloc(f.n, 1);
    f.line = cp_xcalloc(f.n, sizeof *f.line);
    int *stack = cp_xmalloc((f.n + 1) * sizeof *stack);
    size_t sp = 0;
    stack[sp++] = sc->start;
    f.reach[sc->start] = true;
    while (sp) {
        const cp_node *nd = &sc->nodes[stack[--sp]];
        for (size_t k = 0; k < nd->nnext; k++) {
            int t = nd->next[k].target;
            if (t >= 0 && !f.reach[t]) {
                f.reach[t] = true;
                stack[sp++] = t;
            }
        }
    }
    free(stack);
    for (size_t i = 0; i < f.n; i++) {
        if (!f.reach[i] || sc->nodes[i].is_ending)
            continue;
        cp_error err = { 0 };
        f.line[i] = say_at(sc, (int)i, 1, &err);
        if (!f.line[i]) {
            char buf[1200];
            report(&f, err.line ? err.line : sc->nodes[i].line, "warning: node '%s': say fails "
                   "with a neutral state (%s); only the brief counts as known there",
                   sc->nodes[i].id, cp_error_format(&err, buf, sizeof buf));
        }
    }
    for (size_t i = 0; i < f.n; i++) {
        const cp_node *nd = &sc->nodes[i];
        if (nd->is_ending)
            continue;
        if (f.reach[i] && scorer)
            check_facts(&f, (int)i);
        if (f.reach[i])
            check_revisit(&f, (int)i, seen);
        if (scorer)
            check_conditions(&f, nd);
    }
    for (size_t i = 0; i < f.n; i++)
        free(f.line[i]);
    free(f.line);
    free(f.reach);
    free(f.said);
    free(f.heard);
    free(seen);
    return f.count;
}
