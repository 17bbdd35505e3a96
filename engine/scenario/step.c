/* step.c - the rules of one reply, worked out without changing anything: grade it, move the
 * persona's state by the node's reacts, follow the first matching transition, evaluate what the
 * citizen says next. session.c commits a step; lint.c probes choices with it. Scenario functions
 * (`say`, `when`) run through the scenario's cp_scenario_host, never through Lua directly.
 * Must not: change a session, the scenario or the scorer, or know how a scenario was loaded. */
#include "session_internal.h"

#include <stdlib.h>
#include <string.h>

#include "cp_utf8.h"

static int clamp100(int v)
{
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

char *cp_step_say(const cp_scenario *sc, int idx, const cp_script_state *st, cp_error *err)
{
    const cp_node *nd = &sc->nodes[idx];
    if (nd->say_ref == CP_NO_FN)
        return cp_xstrdup(nd->say ? nd->say : "");
    if (!sc->host || !sc->host->say) {
        cp_error_set(err, sc->path, nd->line, "'%s': no host to run the say function", nd->id);
        return NULL;
    }
    return sc->host->say(sc, nd, st, err);
}

/* ---- Focus: the criteria that count at a node ---- */

bool cp_session_focus(const cp_node *nd, const char *id)
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

/* ---- Transitions ---- */

/* 1 met, 0 missed, -1 not in the result (neither: a criterion the node does not score). */
static int met_state(const cp_result *r, const char *id)
{
    const cp_crit_result *c = cp_result_find(r, id);
    return c ? c->met : -1;
}

static bool all_met(const cp_result *r, const cp_strlist *l, bool want)
{
    for (size_t i = 0; i < l->n; i++)
        if (met_state(r, l->v[i]) != want)
            return false;
    return true;
}

static bool any_met(const cp_result *r, const cp_strlist *l, bool want)
{
    for (size_t i = 0; i < l->n; i++)
        if (met_state(r, l->v[i]) == want)
            return true;
    return false;
}

/* 1 = matches, 0 = not, -1 = a `when` function failed (err filled). */
static int transition_matches(const cp_scenario *sc, const cp_transition *t,
                              const cp_script_reply *r, const cp_script_state *st, cp_error *err)
{
    if (t->met.n && !all_met(r->res, &t->met, true))
        return 0;
    if (t->met_any.n && !any_met(r->res, &t->met_any, true))
        return 0;
    if (t->missed.n && !all_met(r->res, &t->missed, false))
        return 0;
    if (t->missed_any.n && !any_met(r->res, &t->missed_any, false))
        return 0;
    if (t->anger_below != CP_UNSET && !(st->anger < t->anger_below))
        return 0;
    if (t->anger_at_least != CP_UNSET && !(st->anger >= t->anger_at_least))
        return 0;
    if (t->trust_below != CP_UNSET && !(st->trust < t->trust_below))
        return 0;
    if (t->trust_at_least != CP_UNSET && !(st->trust >= t->trust_at_least))
        return 0;
    if (t->visits_at_least != CP_UNSET && !(st->visits >= t->visits_at_least))
        return 0;
    if (t->turns_at_least != CP_UNSET && !(st->turn >= t->turns_at_least))
        return 0;
    if (t->score_at_least >= 0 && !(r->max > 0 && r->score >= t->score_at_least * r->max - 1e-9))
        return 0;
    for (size_t i = 0; i < t->flags.n; i++)
        if (!cp_strlist_has(st->flags, t->flags.v[i]))
            return 0;
    for (size_t i = 0; i < t->not_flags.n; i++)
        if (cp_strlist_has(st->flags, t->not_flags.v[i]))
            return 0;
    if (t->fn_ref == CP_NO_FN)
        return 1;
    if (!sc->host || !sc->host->when)
        return cp_error_set(err, sc->path, t->line, "no host to run the when function");
    return sc->host->when(sc, t, r, st, err);
}

/* ---- One reply ---- */

int cp_step_reply(const cp_scenario *sc, const cp_scorer *scorer, const cp_step_from *from,
                  const char *text, int choice, cp_step *out, cp_error *err)
{
    memset(out, 0, sizeof *out);
    const cp_node *nd = &sc->nodes[from->node];
    if (nd->is_ending)
        return cp_error_set(err, sc->path, 0, "the scenario has ended: no more replies");
    if (choice < 0 || (size_t)choice > nd->choices.n)
        return cp_error_set(err, sc->path, nd->line, "node '%s' has %zu choices, not %d", nd->id,
                            nd->choices.n, choice);
    if (choice > 0)
        text = nd->choices.v[choice - 1];
    if (!text)
        text = "";
    size_t len;
    char *reply = cp_utf8_sanitize(text, strlen(text), &len);

    cp_turn *turn = &out->turn;
    cp_score_ctx ctx = {
        .scenario = sc->id,
        .node = nd->id,
        .citizen = from->citizen,
        .history = from->history,
        .nhistory = from->nhistory,
        .focus = &nd->criteria,
        .age = sc->persona.age,
        .notice = nd->notice,
        .basis = nd->basis.n ? &nd->basis : NULL,
        .identity_required = nd->identity,
        .checks = nd->checks,
        .nchecks = nd->nchecks,
    };
    bool blank = true;
    for (size_t i = 0; i < len && blank; i++)
        blank = reply[i] == ' ' || reply[i] == '\t' || reply[i] == '\n' || reply[i] == '\r';
    if (blank) {
        cp_scorer_unanswered(scorer, &ctx, &turn->result);   /* an exam timer ran out */
    } else if (cp_scorer_grade(scorer, &ctx, reply, len, &turn->result, err) != 0) {
        free(reply);
        return -1;
    }
    /* The turn scores exactly what the result shows (the node's focus, plus any conduct rule
     * broken); state moves by the persona's reacts to those criteria. */
    int anger = from->anger, trust = from->trust;
    turn->score = turn->result.score;
    turn->max = turn->result.max;
    for (size_t k = 0; k < nd->nreacts; k++) {
        const cp_react *rc = &nd->reacts[k];
        const cp_crit_result *c = cp_result_find(&turn->result, rc->criterion);
        if (!c)
            continue;
        anger += c->met ? rc->met_anger : rc->missed_anger;
        trust += c->met ? rc->met_trust : rc->missed_trust;
    }
    anger = clamp100(anger);
    trust = clamp100(trust);

    cp_script_reply r = { .res = &turn->result, .score = turn->score, .max = turn->max,
                          .text = reply, .choice = choice };
    cp_script_state st = { .last_node = nd, .anger = anger, .trust = trust, .turn = from->nturns + 1,
                           .visits = from->visits[from->node], .flags = from->flags };
    int target = from->node;
    const cp_transition *taken = NULL;
    for (size_t k = 0; k < nd->nnext; k++) {
        int m = transition_matches(sc, &nd->next[k], &r, &st, err);
        if (m < 0) {
            free(reply);
            return -1;
        }
        if (m) {
            taken = &nd->next[k];
            target = taken->target;
            break;
        }
    }
    if (target < 0) {
        free(reply);
        return cp_error_set(err, sc->path, taken->line, "node '%s': transition to unknown '%s'",
                            nd->id, taken->go);
    }
    cp_strlist flags = { 0 };
    for (size_t i = 0; i < from->flags->n; i++)
        cp_strlist_push(&flags, from->flags->v[i]);
    if (taken) {
        for (size_t i = 0; i < taken->clear.n; i++)
            cp_strlist_remove(&flags, taken->clear.v[i]);
        for (size_t i = 0; i < taken->set.n; i++)
            if (!cp_strlist_has(&flags, taken->set.v[i]))
                cp_strlist_push(&flags, taken->set.v[i]);
    }
    cp_script_state next = { .last = &turn->result, .last_text = reply, .last_node = nd,
                             .anger = anger, .trust = trust, .turn = from->nturns + 1,
                             .visits = from->visits[target] + 1, .flags = &flags };
    char *citizen = cp_step_say(sc, target, &next, err);
    if (!citizen) {
        free(reply);
        cp_strlist_free(&flags);
        return -1;
    }
    turn->reply = reply;
    turn->choice = choice;
    turn->anger = anger;
    turn->trust = trust;
    out->target = target;
    out->flags = flags;
    out->citizen = citizen;
    return 0;
}

void cp_step_free(cp_step *st)
{
    free(st->turn.reply);
    st->turn.reply = NULL;
    cp_strlist_free(&st->flags);
    free(st->citizen);
    st->citizen = NULL;
}

/* ---- Probing (lint) ---- */

int cp_session_probe(const cp_scenario *sc, const cp_scorer *scorer, int node, int *anger,
                     int *trust, const char *text, int choice, cp_error *err)
{
    cp_error_clear(err);
    int *visits = cp_xcalloc(sc->nnodes + 1, sizeof *visits);
    visits[node] = 1;
    cp_strlist none = { 0 };
    cp_step_from from = { .node = node, .anger = *anger, .trust = *trust, .nturns = 0,
                          .visits = visits, .flags = &none };
    cp_step st;
    int target = -1;
    if (cp_step_reply(sc, scorer, &from, text, choice, &st, err) == 0) {
        target = st.target;
        *anger = st.turn.anger;
        *trust = st.turn.trust;
        cp_step_free(&st);
    }
    free(visits);
    return target;
}
