/* session_internal.h - the session's fields, shared by session.c and session_json.c only. */
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

#endif
