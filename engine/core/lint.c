/* lint.c - checks a loaded scenario's graph and data for what an author most often gets wrong.
 * Must not: run scenario code (it reads only the C structs) or stop at the first problem. */
#include "cp_scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const EXPRESSIONS[] = { "calm", "angry", "furious", "anxious", "confused",
    "sad", "relieved", "happy", "suspicious", NULL };

typedef struct lint {
    const cp_scenario *sc;
    cp_lint_fn fn;
    void *ud;
    int count;
} lint;

static void report(lint *l, int line, const char *fmt, const char *a, const char *b)
{
    char msg[700];
    snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
    l->count++;
    if (l->fn)
        l->fn(l->ud, l->sc->path, line, msg);
}

/* True when a criterion id is defined for node nd: by the scorer, or by the node itself. */
static bool criterion_known(const cp_scorer *scorer, const cp_node *nd, const char *id)
{
    for (size_t i = 0; i < nd->nchecks; i++)
        if (nd->checks[i].id && strcmp(nd->checks[i].id, id) == 0)
            return true;
    if (strcmp(id, "clarity.one_time_notice") == 0)
        return nd->notice != NULL;
    return scorer == NULL || cp_scorer_knows(scorer, id);
}

static void check_list(lint *l, const cp_scorer *scorer, const cp_node *nd, const cp_strlist *ids,
                       int line)
{
    for (size_t i = 0; i < ids->n; i++) {
        if (criterion_known(scorer, nd, ids->v[i]))
            continue;
        if (strcmp(ids->v[i], "clarity.one_time_notice") == 0)
            report(l, line, "node '%s': criterion 'clarity.one_time_notice' needs a 'notice' table here",
                   nd->id, NULL);
        else
            report(l, line, "node '%s': unknown criterion '%s'", nd->id, ids->v[i]);
    }
}

int cp_scenario_lint(const cp_scenario *sc, const cp_scorer *scorer, cp_lint_fn fn, void *ud)
{
    lint l = { .sc = sc, .fn = fn, .ud = ud };
    size_t n = sc->nnodes;
    if (sc->start < 0) {
        report(&l, sc->line, "scenario: no valid start node", NULL, NULL);
        return l.count;
    }
    for (size_t i = 0; i < n; i++) {
        const cp_node *nd = &sc->nodes[i];
        bool known_expr = false;
        for (int k = 0; EXPRESSIONS[k]; k++)
            known_expr |= strcmp(nd->expression, EXPRESSIONS[k]) == 0;
        if (!known_expr)
            report(&l, nd->line,
                   "'%s': unknown expression '%s' (calm, angry, furious, anxious, confused, sad, "
                   "relieved, happy, suspicious)", nd->id, nd->expression);
        if (nd->is_ending) {
            if (!nd->outcome || !nd->outcome[0])
                report(&l, nd->line, "ending '%s' has no outcome (resolved, escalated, complaint, walked_away, ...)",
                       nd->id, NULL);
            if (nd->rating < 1 || nd->rating > 5)
                report(&l, nd->line, "ending '%s' needs a rating from 1 (非常不满意) to 5 (非常满意)",
                       nd->id, NULL);
            continue;
        }
        if (nd->nnext == 0)
            report(&l, nd->line, "node '%s' has no 'next': a reply there leads nowhere", nd->id, NULL);
        for (size_t k = 0; k < nd->nnext; k++) {
            const cp_transition *t = &nd->next[k];
            if (t->target < 0)
                report(&l, t->line, "node '%s': transition to unknown node or ending '%s'", nd->id,
                       t->go ? t->go : "?");
            check_list(&l, scorer, nd, &t->met, t->line);
            check_list(&l, scorer, nd, &t->met_any, t->line);
            check_list(&l, scorer, nd, &t->missed, t->line);
            check_list(&l, scorer, nd, &t->missed_any, t->line);
        }
        check_list(&l, scorer, nd, &nd->criteria, nd->line);
        for (size_t k = 0; k < nd->nreacts; k++)
            if (!criterion_known(scorer, nd, nd->reacts[k].criterion) &&
                strcmp(nd->reacts[k].criterion, "clarity.one_time_notice") != 0)
                report(&l, nd->line, "node '%s': reacts to unknown criterion '%s'", nd->id,
                       nd->reacts[k].criterion);
        if (nd->notice && nd->notice->nitems == 0)
            report(&l, nd->line, "node '%s': 'notice' lists no items", nd->id, NULL);
    }

    /* Reachability from the start, and a path to some ending from every reachable node. */
    bool *reach = calloc(n, 1), *done = calloc(n, 1);
    int *stack = malloc(n * sizeof *stack + 1);
    if (!reach || !done || !stack) {
        free(reach), free(done), free(stack);
        return l.count;
    }
    size_t sp = 0;
    stack[sp++] = sc->start;
    reach[sc->start] = true;
    while (sp) {
        const cp_node *nd = &sc->nodes[stack[--sp]];
        for (size_t k = 0; k < nd->nnext; k++) {
            int t = nd->next[k].target;
            if (t >= 0 && !reach[t]) {
                reach[t] = true;
                stack[sp++] = t;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        done[i] = sc->nodes[i].is_ending;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < n; i++) {
            if (done[i])
                continue;
            for (size_t k = 0; k < sc->nodes[i].nnext; k++) {
                int t = sc->nodes[i].next[k].target;
                if (t >= 0 && done[t]) {
                    done[i] = changed = true;
                    break;
                }
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        const cp_node *nd = &sc->nodes[i];
        if (!reach[i])
            report(&l, nd->line, "%s '%s' is unreachable from the start", nd->is_ending ? "ending" : "node",
                   nd->id);
        else if (!done[i])
            report(&l, nd->line, "node '%s' has no path to an ending", nd->id, NULL);
    }
    if (cp_scenario_count_endings(sc) == 0)
        report(&l, sc->line, "scenario: no endings", NULL, NULL);
    free(reach);
    free(done);
    free(stack);
    return l.count;
}
