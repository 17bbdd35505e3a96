/* session.c - one trainee playing one scenario: starts a session (a scenario with lint errors
 * does not start), keeps its turns and state, and commits each reply as step.c works it out. A
 * reply either commits completely or leaves the session unchanged (scenario functions run
 * before anything is committed).
 * Must not: know how sessions are stored (session_json.c), run scenario functions itself (the
 * scenario's host does, through step.c), or know anything of Lua or SDL. */
#include "session_internal.h"

#include <stdlib.h>
#include <string.h>

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
    cp_script_state st = { .anger = s->anger, .trust = s->trust, .turn = 0, .visits = 1,
                           .flags = &s->flags };
    s->citizen = cp_step_say(sc, s->node, &st, err);
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

/* ---- Replies ---- */

int cp_session_reply(cp_session *s, const char *text, int choice, cp_error *err)
{
    cp_error_clear(err);
    const cp_scenario *sc = s->sc;
    /* the conversation so far: the last few exchanges, oldest first */
    cp_line hist[2 * CP_SESSION_HISTORY];
    size_t nh = 0;
    for (size_t i = s->nturns > CP_SESSION_HISTORY ? s->nturns - CP_SESSION_HISTORY : 0;
         i < s->nturns; i++) {
        hist[nh++] = (cp_line){ "citizen", s->turns[i].citizen };
        hist[nh++] = (cp_line){ "clerk", s->turns[i].reply };
    }
    cp_step_from from = { .node = s->node, .anger = s->anger, .trust = s->trust,
                          .nturns = (int)s->nturns, .visits = s->visits, .flags = &s->flags,
                          .citizen = s->citizen, .history = hist, .nhistory = nh };
    cp_step st;
    if (cp_step_reply(sc, s->scorer, &from, text, choice, &st, err) != 0)
        return -1;

    /* Commit. */
    cp_turn *turn = &st.turn;
    turn->node = cp_xstrdup(sc->nodes[s->node].id);
    turn->citizen = s->citizen;
    turn->next = cp_xstrdup(sc->nodes[st.target].id);
    if (s->nturns == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->turns = cp_xrealloc(s->turns, s->cap * sizeof *s->turns);
    }
    s->turns[s->nturns++] = *turn;
    s->citizen = st.citizen;
    s->anger = turn->anger;
    s->trust = turn->trust;
    s->node = st.target;
    s->visits[st.target]++;
    cp_strlist_free(&s->flags);
    s->flags = st.flags;
    return 0;
}
