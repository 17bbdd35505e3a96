/* lint.c - checks a loaded scenario's graph and data for what an author most often gets wrong.
 * Reads the C structs; only the choice check plays a reply, through step.c (cp_session_probe),
 * which runs the scenario's functions through its host.
 * Must not: change the scenario, call into a session (session.c calls lint, not the other way),
 * or stop at the first problem. */
#include "cp_scenario.h"
#include "cp_session.h"
#include "cp_utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the window shows without scrolling a bubble or a choice (code points). */
#define SAY_MAX 160
#define CHOICE_MAX 120

static const char *const EXPRESSIONS[] = { "calm", "angry", "furious", "anxious", "confused",
    "sad", "relieved", "happy", "suspicious", NULL };

typedef struct lint {
    const cp_scenario *sc;
    cp_lint_fn fn;
    void *ud;
    int count;
} lint;

static void report(lint *l, int line, const char *fmt, ...) CP_PRINTF(3, 4);
static void report(lint *l, int line, const char *fmt, ...)
{
    char msg[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (strncmp(msg, "warning: ", 9) != 0)
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
                   nd->id);
        else
            report(l, line, "node '%s': unknown criterion '%s'", nd->id, ids->v[i]);
    }
}

/* Choices are there to make a difference. Probed from the persona's starting state on a first
 * visit: every choice leading to the same node with the same state is a problem; the same node
 * with different anger/trust is only a warning (the state may branch later). */
static void check_choices(lint *l, const cp_scorer *scorer, int idx)
{
    const cp_scenario *sc = l->sc;
    const cp_node *nd = &sc->nodes[idx];
    int first = -2, a0 = 0, t0 = 0;
    bool same_state = true;
    for (size_t k = 0; k < nd->choices.n; k++) {
        cp_error err = { 0 };
        int anger = sc->persona.anger, trust = sc->persona.trust;
        int t = cp_session_probe(sc, scorer, idx, &anger, &trust, NULL, (int)k + 1, &err);
        if (t < 0) {
            char buf[1200];
            report(l, err.line ? err.line : nd->line, "node '%s': choice %zu fails: %s", nd->id,
                   k + 1, cp_error_format(&err, buf, sizeof buf));
            return;
        }
        if (first == -2) {
            first = t;
            a0 = anger;
            t0 = trust;
        } else if (t != first) {
            return;
        }
        same_state &= anger == a0 && trust == t0;
    }
    if (same_state)
        report(l, nd->line, "node '%s': every choice leads to '%s' with the same state "
               "(choices should make a difference)", nd->id, sc->nodes[first].id);
    else
        report(l, nd->line, "warning: node '%s': every choice leads to '%s' (only anger/trust "
               "differ)", nd->id, sc->nodes[first].id);
}

int cp_scenario_lint(const cp_scenario *sc, const cp_scorer *scorer, cp_lint_fn fn, void *ud)
{
    lint l = { .sc = sc, .fn = fn, .ud = ud };
    size_t n = sc->nnodes;
    if (sc->start < 0) {
        report(&l, sc->line, "scenario: no valid start node");
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
                       nd->id);
            if (nd->rating < 1 || nd->rating > 5)
                report(&l, nd->line, "ending '%s' needs a rating from 1 (非常不满意) to 5 (非常满意)",
                       nd->id);
            continue;
        }
        if (nd->nnext == 0)
            report(&l, nd->line, "node '%s' has no 'next': a reply there leads nowhere", nd->id);
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
            report(&l, nd->line, "node '%s': 'notice' lists no items", nd->id);
        for (size_t k = 0; k < nd->choices.n; k++)
            if (cp_utf8_count(nd->choices.v[k], strlen(nd->choices.v[k])) > CHOICE_MAX)
                report(&l, nd->line,
                       "node '%s': choice %zu is longer than %d characters and overflows the window",
                       nd->id, k + 1, CHOICE_MAX);
        if (scorer && nd->choices.n >= 2)
            check_choices(&l, scorer, (int)i);
    }
    for (size_t i = 0; i < n; i++) {
        const cp_node *nd = &sc->nodes[i];
        if (nd->say && cp_utf8_count(nd->say, strlen(nd->say)) > SAY_MAX)
            report(&l, nd->line, "'%s': say is longer than %d characters and overflows the window",
                   nd->id, SAY_MAX);
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
            report(&l, nd->line, "node '%s' has no path to an ending", nd->id);
    }
    if (cp_scenario_count_endings(sc) == 0)
        report(&l, sc->line, "scenario: no endings");
    free(reach);
    free(done);
    free(stack);
    return l.count;
}
