/* session.c - plays a scenario: grades each reply, moves the persona's state, follows the first
 * matching transition, evaluates the citizen's next line. A reply either commits completely or
 * leaves the session unchanged (scenario functions run before anything is committed).
 * Must not: know how sessions are stored (session_json.c) or anything of SDL. */
#include "session_internal.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>
#include <string.h>

#include "cp_sandbox.h"
#include "cp_utf8.h"

#define NOREF (-2)

static int clamp100(int v)
{
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

/* Pushes the `state` table scripts see. */
static void push_state(lua_State *L, const cp_session *s, int anger, int trust, int turn,
                       int visits, const cp_strlist *flags)
{
    (void)s;
    lua_createtable(L, 0, 5);
    lua_pushinteger(L, anger);
    lua_setfield(L, -2, "anger");
    lua_pushinteger(L, trust);
    lua_setfield(L, -2, "trust");
    lua_pushinteger(L, turn);
    lua_setfield(L, -2, "turn");
    lua_pushinteger(L, visits);
    lua_setfield(L, -2, "visits");
    lua_createtable(L, 0, (int)flags->n);
    for (size_t i = 0; i < flags->n; i++) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, flags->v[i]);
    }
    lua_setfield(L, -2, "flags");
}

/* Evaluates what the citizen says at node idx given a prospective state. */
static char *eval_say(const cp_session *s, int idx, int anger, int trust, int turn, int visits,
                      const cp_strlist *flags, cp_error *err)
{
    const cp_node *nd = &s->sc->nodes[idx];
    if (nd->say_ref == NOREF)
        return cp_xstrdup(nd->say ? nd->say : "");
    lua_State *L = cp_sandbox_state(s->sc->sb);
    lua_rawgeti(L, LUA_REGISTRYINDEX, nd->say_ref);
    push_state(L, s, anger, trust, turn, visits, flags);
    if (cp_sandbox_call(s->sc->sb, 1, 1, err) != 0)
        return NULL;
    size_t len;
    const char *str = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
    if (!str || !cp_utf8_valid(str, len) || strlen(str) != len) {
        lua_pop(L, 1);
        cp_error_set(err, s->sc->path, nd->line, "'%s': say function must return UTF-8 text",
                     nd->id);
        return NULL;
    }
    char *out = cp_xstrndup(str, len);
    lua_pop(L, 1);
    return out;
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

/* ---- Create / free ---- */

cp_session *cp_session_alloc(const cp_scenario *sc, const cp_scorer *scorer)
{
    cp_session *s = cp_xcalloc(1, sizeof *s);
    s->sc = sc;
    s->scorer = scorer;
    s->visits = cp_xcalloc(sc->nnodes + 1, sizeof *s->visits);
    s->anger = sc->persona.anger;
    s->trust = sc->persona.trust;
    s->node = sc->start;
    return s;
}

static void lint_first(void *ud, const char *file, int line, const char *msg)
{
    cp_error *err = ud;
    if (!err || err->msg[0])
        return;
    cp_error_set(err, file, line, "%s", msg);
}

cp_session *cp_session_new(const cp_scenario *sc, const cp_scorer *scorer, cp_error *err)
{
    cp_error_clear(err);
    if (cp_scenario_lint(sc, scorer, lint_first, err) > 0)
        return NULL;
    cp_session *s = cp_session_alloc(sc, scorer);
    s->visits[s->node] = 1;
    s->citizen = eval_say(s, s->node, s->anger, s->trust, 0, 1, &s->flags, err);
    if (!s->citizen) {
        cp_session_free(s);
        return NULL;
    }
    return s;
}

void cp_session_free(cp_session *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nturns; i++) {
        cp_turn *t = &s->turns[i];
        free(t->node);
        free(t->citizen);
        free(t->reply);
        free(t->next);
    }
    free(s->turns);
    free(s->visits);
    free(s->citizen);
    cp_strlist_free(&s->flags);
    cp_strlist_free(&s->pool);
    free(s);
}

/* ---- Accessors ---- */

const cp_node *cp_session_node(const cp_session *s) { return &s->sc->nodes[s->node]; }
const char *cp_session_citizen(const cp_session *s) { return s->citizen; }
bool cp_session_ended(const cp_session *s) { return s->sc->nodes[s->node].is_ending; }
int cp_session_anger(const cp_session *s) { return s->anger; }
int cp_session_trust(const cp_session *s) { return s->trust; }
size_t cp_session_nturns(const cp_session *s) { return s->nturns; }
const cp_scenario *cp_session_scenario(const cp_session *s) { return s->sc; }

const cp_turn *cp_session_turn(const cp_session *s, size_t i)
{
    return i < s->nturns ? &s->turns[i] : NULL;
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

typedef struct prospect {
    const cp_result *res;
    const char *text;
    int choice;
    double score, max;
    int anger, trust, turn, visits;
    const cp_strlist *flags;
} prospect;

/* 1 = matches, 0 = not, -1 = a `when` function failed (err filled). */
static int transition_matches(const cp_session *s, const cp_transition *t, const prospect *p,
                              cp_error *err)
{
    if (t->met.n && !all_met(p->res, &t->met, true))
        return 0;
    if (t->met_any.n && !any_met(p->res, &t->met_any, true))
        return 0;
    if (t->missed.n && !all_met(p->res, &t->missed, false))
        return 0;
    if (t->missed_any.n && !any_met(p->res, &t->missed_any, false))
        return 0;
    if (t->anger_below != CP_UNSET && !(p->anger < t->anger_below))
        return 0;
    if (t->anger_at_least != CP_UNSET && !(p->anger >= t->anger_at_least))
        return 0;
    if (t->trust_below != CP_UNSET && !(p->trust < t->trust_below))
        return 0;
    if (t->trust_at_least != CP_UNSET && !(p->trust >= t->trust_at_least))
        return 0;
    if (t->visits_at_least != CP_UNSET && !(p->visits >= t->visits_at_least))
        return 0;
    if (t->turns_at_least != CP_UNSET && !(p->turn >= t->turns_at_least))
        return 0;
    if (t->score_at_least >= 0 && !(p->max > 0 && p->score >= t->score_at_least * p->max - 1e-9))
        return 0;
    for (size_t i = 0; i < t->flags.n; i++)
        if (!cp_strlist_has(p->flags, t->flags.v[i]))
            return 0;
    for (size_t i = 0; i < t->not_flags.n; i++)
        if (cp_strlist_has(p->flags, t->not_flags.v[i]))
            return 0;
    if (t->fn_ref == NOREF)
        return 1;
    lua_State *L = cp_sandbox_state(s->sc->sb);
    lua_rawgeti(L, LUA_REGISTRYINDEX, t->fn_ref);
    lua_createtable(L, 0, 5);
    lua_createtable(L, 0, (int)p->res->n);
    for (size_t i = 0; i < p->res->n; i++) {
        lua_pushboolean(L, p->res->crit[i].met);
        lua_setfield(L, -2, p->res->crit[i].id);
    }
    lua_setfield(L, -2, "met");
    lua_pushnumber(L, p->score);
    lua_setfield(L, -2, "score");
    lua_pushnumber(L, p->max);
    lua_setfield(L, -2, "max");
    lua_pushstring(L, p->text);
    lua_setfield(L, -2, "text");
    if (p->choice > 0) {
        lua_pushinteger(L, p->choice);
        lua_setfield(L, -2, "choice");
    }
    push_state(L, s, p->anger, p->trust, p->turn, p->visits, p->flags);
    if (cp_sandbox_call(s->sc->sb, 2, 1, err) != 0)
        return -1;
    int m = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return m;
}

int cp_session_reply(cp_session *s, const char *text, int choice, cp_error *err)
{
    cp_error_clear(err);
    const cp_scenario *sc = s->sc;
    const cp_node *nd = &sc->nodes[s->node];
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

    cp_turn turn = { 0 };
    cp_score_ctx ctx = {
        .age = sc->persona.age,
        .notice = nd->notice,
        .basis = nd->basis.n ? &nd->basis : NULL,
        .identity_required = nd->identity,
        .checks = nd->checks,
        .nchecks = nd->nchecks,
    };
    if (cp_scorer_grade(s->scorer, &ctx, reply, len, &turn.result, err) != 0) {
        free(reply);
        return -1;
    }
    /* Score over the node's focus; state moves by the persona's reacts to those criteria. */
    int anger = s->anger, trust = s->trust;
    for (size_t i = 0; i < turn.result.n; i++) {
        const cp_crit_result *c = &turn.result.crit[i];
        if (!cp_session_focus(nd, c->id))
            continue;
        turn.score += c->score;
        turn.max += c->max;
    }
    for (size_t k = 0; k < nd->nreacts; k++) {
        const cp_react *rc = &nd->reacts[k];
        if (!cp_session_focus(nd, rc->criterion))
            continue;
        const cp_crit_result *c = cp_result_find(&turn.result, rc->criterion);
        if (!c)
            continue;
        anger += c->met ? rc->met_anger : rc->missed_anger;
        trust += c->met ? rc->met_trust : rc->missed_trust;
    }
    anger = clamp100(anger);
    trust = clamp100(trust);

    prospect p = { .res = &turn.result, .text = reply, .choice = choice, .score = turn.score,
                   .max = turn.max, .anger = anger, .trust = trust, .turn = (int)s->nturns + 1,
                   .visits = s->visits[s->node], .flags = &s->flags };
    int target = s->node;
    const cp_transition *taken = NULL;
    for (size_t k = 0; k < nd->nnext; k++) {
        int m = transition_matches(s, &nd->next[k], &p, err);
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
    for (size_t i = 0; i < s->flags.n; i++)
        cp_strlist_push(&flags, s->flags.v[i]);
    if (taken) {
        for (size_t i = 0; i < taken->clear.n; i++)
            cp_strlist_remove(&flags, taken->clear.v[i]);
        for (size_t i = 0; i < taken->set.n; i++)
            if (!cp_strlist_has(&flags, taken->set.v[i]))
                cp_strlist_push(&flags, taken->set.v[i]);
    }
    char *citizen = eval_say(s, target, anger, trust, (int)s->nturns + 1, s->visits[target] + 1,
                             &flags, err);
    if (!citizen) {
        free(reply);
        cp_strlist_free(&flags);
        return -1;
    }

    /* Commit. */
    turn.node = cp_xstrdup(nd->id);
    turn.citizen = s->citizen;
    turn.reply = reply;
    turn.choice = choice;
    turn.anger = anger;
    turn.trust = trust;
    turn.next = cp_xstrdup(sc->nodes[target].id);
    if (s->nturns == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->turns = cp_xrealloc(s->turns, s->cap * sizeof *s->turns);
    }
    s->turns[s->nturns++] = turn;
    s->citizen = citizen;
    s->anger = anger;
    s->trust = trust;
    s->node = target;
    s->visits[target]++;
    cp_strlist_free(&s->flags);
    s->flags = flags;
    return 0;
}

int cp_session_probe(const cp_scenario *sc, const cp_scorer *scorer, int node, int *anger,
                     int *trust, const char *text, int choice, cp_error *err)
{
    cp_session *s = cp_session_alloc(sc, scorer);
    s->node = node;
    s->anger = *anger;
    s->trust = *trust;
    s->visits[node] = 1;
    s->citizen = cp_xstrdup("");
    int target = -1;
    if (cp_session_reply(s, text, choice, err) == 0) {
        target = s->node;
        *anger = s->anger;
        *trust = s->trust;
    }
    cp_session_free(s);
    return target;
}
