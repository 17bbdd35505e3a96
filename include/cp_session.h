/* cp_session.h - one trainee playing one scenario: persona state, turns, replies and their
 * criterion results, the current node. A session is a value: it saves to JSON and resumes
 * exactly. Runs the scenario's own functions through its host (cp_scenario_host, filled in by
 * the Lua host), so it knows nothing of Lua; nor of SDL. */
#ifndef CP_SESSION_H
#define CP_SESSION_H

#include "cp_scenario.h"
#include "cp_scorer.h"

/* One answered turn. Strings are owned by the session. */
typedef struct cp_turn {
    char *node;          /* node id the reply was given at */
    char *citizen;       /* what the citizen said at that node */
    char *reply;         /* the reply as given (sanitised UTF-8) */
    int choice;          /* 1-based choice picked, 0 when typed */
    cp_result result;    /* what the turn shows: the node's focus plus any conduct rule broken */
    double score, max;   /* the sums of what it shows (what transitions and records see) */
    int anger, trust;    /* persona state after the reply */
    char *next;          /* node or ending id it led to */
} cp_turn;

/* How many earlier exchanges the scorer sees as the conversation's history. */
#define CP_SESSION_HISTORY 4

typedef struct cp_session cp_session;

/* Starts a session at the scenario's start node. scenario and scorer must outlive the
 * session. Returns NULL with err filled when the scenario cannot start (lint errors, a say
 * function failing). */
cp_session *cp_session_new(const cp_scenario *sc, const cp_scorer *scorer, cp_error *err);
/* Frees a session; NULL is a no-op. */
void cp_session_free(cp_session *s);

/* The current node (an ending once the session has ended). */
const cp_node *cp_session_node(const cp_session *s);
/* What the citizen says at the current node (or ending). */
const char *cp_session_citizen(const cp_session *s);
/* True once an ending is reached. */
bool cp_session_ended(const cp_session *s);
/* Persona state now. */
int cp_session_anger(const cp_session *s);
int cp_session_trust(const cp_session *s);
/* Answered turns so far. */
size_t cp_session_nturns(const cp_session *s);
const cp_turn *cp_session_turn(const cp_session *s, size_t i);
/* The scenario played. */
const cp_scenario *cp_session_scenario(const cp_session *s);

/* Grades a reply at the current node and moves on. choice is 1-based (its text is the reply)
 * or 0 for typed text. On error (ended session, bad choice, a scenario function failing) the
 * session is unchanged and err says why. */
int cp_session_reply(cp_session *s, const char *text, int choice, cp_error *err);

/* Where a reply at node `node` would lead from state (*anger, *trust), on a first visit, without
 * changing anything: the target index (and the state after it in *anger, *trust), or -1 with err
 * filled (a scenario function failed). Lint probes choices with it (engine/scenario/step.c). */
int cp_session_probe(const cp_scenario *sc, const cp_scorer *scorer, int node, int *anger,
                     int *trust, const char *text, int choice, cp_error *err);

/* ---- The end screen's report (terminal and window read the same one) ---- */

/* One turn that moved the persona's mood. */
typedef struct cp_ending_moment {
    size_t turn;              /* index for cp_session_turn (shown as 第 turn+1 轮) */
    int d_anger, d_trust;     /* how far anger and trust moved at that turn (after clamping) */
    char why[256];            /* Chinese: the criteria whose reacts moved them, biggest first,
                               * e.g. 没做到「不指责」（怒气+25，信任-20）；做到「认可感受」（怒气-12） */
} cp_ending_moment;

#define CP_ENDING_MAX_CRIT 48

/* One criterion over the whole session. */
typedef struct cp_ending_crit {
    const char *id, *name;    /* borrowed from the session's turns */
    unsigned met, shown;      /* turns where it was met / shown (in focus, or a broken conduct rule) */
} cp_ending_crit;

typedef struct cp_ending_report {
    const char *title;        /* the ending's Chinese name (cp_scenario_ending_title), never an id */
    const char *explain;      /* why it ended here ("" when the ending has no explain) */
    const char *top;          /* what a 5 takes in this scenario ("" when rated 5 or not given) */
    int rating;               /* 1..5 (0 when the ending has none) */
    const char *rating_name;  /* 非常不满意 … 非常满意 (未评价 for 0) */
    cp_ending_moment moments[3];   /* the turns that moved anger/trust most, in turn order */
    size_t nmoments;          /* 0..3: turns that moved nothing are never listed */
    double score, max;        /* sums over the turns */
    cp_ending_crit crit[CP_ENDING_MAX_CRIT];   /* every criterion shown, in first-shown order */
    size_t ncrit;
} cp_ending_report;

/* Fills r for an ended session: the ending's name and why, the rating, what a 5 takes, the
 * moments that moved the persona and why, the totals and each criterion's met count. Strings
 * are borrowed from the session, its scenario and scorer (valid while they live). Returns 0, or
 * -1 (r zeroed) when the session has not ended. */
int cp_session_ending_report(const cp_session *s, cp_ending_report *r);

/* The session as JSON (caller frees): the `run --json` shape plus what resume needs. */
char *cp_session_json(const cp_session *s, bool pretty);
/* The session's state without its turns (caller frees): what one turn's record keeps so that a
 * reply can be taken back (retry) without storing the whole history again at every turn. */
char *cp_session_snapshot_json(const cp_session *s);
/* The session as it was at a snapshot: the turns of `full` (a cp_session_json text) up to the
 * snapshot's count, and the snapshot's current state. A whole session text in place of the
 * snapshot is read as such. name is used in errors. */
cp_session *cp_session_from_snapshot(const char *full, const char *snapshot, const char *name,
                                     const cp_scenario *sc, const cp_scorer *scorer, cp_error *err);
/* Saves to path atomically. */
int cp_session_save(const cp_session *s, const char *path, cp_error *err);
/* Resumes a saved session of scenario sc. A broken, foreign or mismatched file gets a clear
 * error naming the file (and, for JSON syntax errors, the line). */
cp_session *cp_session_load(const char *path, const cp_scenario *sc, const cp_scorer *scorer,
                            cp_error *err);
/* Same, from a JSON text already in memory; name is used in errors. */
cp_session *cp_session_from_json(const char *json, size_t len, const char *name,
                                 const cp_scenario *sc, const cp_scorer *scorer, cp_error *err);

#endif
