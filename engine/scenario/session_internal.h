/* session_internal.h - private to the scenario runtime: the session's fields (session.c,
 * session_json.c) and one reply worked out without changing anything (step.c, used by session.c
 * to play and by lint.c to probe choices). */
#ifndef CP_SESSION_INTERNAL_H
#define CP_SESSION_INTERNAL_H

#include "cp_session.h"

struct cp_session {
    const cp_scenario *sc;
    const cp_scorer *scorer;
    int node;            /* current node or ending */
    int anger, trust;
    int *visits;         /* per node: times entered */
    cp_strlist flags;
    cp_turn *turns;
    size_t nturns, cap;
    char *citizen;       /* what the citizen says at the current node */
    cp_strlist pool;     /* owned strings behind restored criterion ids and names */
};

/* A session at the scenario's start with nothing evaluated (for loading). */
cp_session *cp_session_alloc(const cp_scenario *sc, const cp_scorer *scorer);
/* True when criterion id counts at node nd (its criteria, its notice, its checks). */
bool cp_session_focus(const cp_node *nd, const char *id);

/* Where a reply stands before it is given: the node, the persona's state, replies so far, the
 * visits of every node (nnodes entries) and the flags set. */
typedef struct cp_step_from {
    int node;
    int anger, trust;
    int nturns;
    const int *visits;
    const cp_strlist *flags;
    const char *citizen;        /* the line this reply answers */
    const cp_line *history;     /* the last exchanges before it, oldest first */
    size_t nhistory;
} cp_step_from;

/* One reply worked out: its turn (node, citizen and next are left NULL for the caller; reply
 * and result are owned), the node it leads to, the flags after it and what the citizen says
 * there (owned). */
typedef struct cp_step {
    cp_turn turn;
    int target;
    cp_strlist flags;
    char *citizen;
} cp_step;

/* What the citizen says at node idx in state st: the static line, or the scenario's say
 * function run through sc->host. NULL with err on failure. Caller frees. */
char *cp_step_say(const cp_scenario *sc, int idx, const cp_script_state *st, cp_error *err);
/* Grades reply text (or choice, 1-based) at from->node, moves the state, follows the first
 * matching transition and evaluates the citizen's next line, changing nothing. 0 with *out
 * filled (free with cp_step_free unless its parts are taken), or -1 with err (ended scenario,
 * bad choice, a scenario function failing). */
int cp_step_reply(const cp_scenario *sc, const cp_scorer *scorer, const cp_step_from *from,
                  const char *text, int choice, cp_step *out, cp_error *err);
/* Frees what a step owns; a zeroed step is a no-op. */
void cp_step_free(cp_step *st);

#endif
