/* cp_scenario.h - a loaded dialogue scenario: persona, nodes, transitions, endings.
 * Loaded from an untrusted Lua file inside the sandbox (engine/luahost/), then held as plain C
 * data; only `when`/`say` functions written by the author stay in the scenario's Lua state, and
 * the runtime reaches them only through the scenario's cp_scenario_host, which the loader fills
 * in (so the runtime knows nothing of Lua). Read-only after loading: front ends read the
 * structs, never write them. */
#ifndef CP_SCENARIO_H
#define CP_SCENARIO_H

#include "cp_common.h"
#include "cp_scorer.h"

struct cp_sandbox;
struct cp_scenario;

/* Registry refs of scenario functions: this value means "no function" (say_ref, fn_ref). */
#define CP_NO_FN (-2)

/* How one criterion's result moves the persona's state. */
typedef struct cp_react {
    char *criterion;
    int met_anger, met_trust;        /* deltas when met */
    int missed_anger, missed_trust;  /* deltas when missed */
} cp_react;

/* Sentinel for "condition not given" in integer fields of a transition. */
#define CP_UNSET (-1000000)

/* One transition: all given conditions must hold (first matching transition wins). */
typedef struct cp_transition {
    int line;                 /* source line (of its node when unknown) */
    char *go;                 /* target node or ending id as written */
    int target;               /* index into cp_scenario.nodes, -1 when go names nothing */
    cp_strlist met, met_any, missed, missed_any;
    int anger_below, anger_at_least, trust_below, trust_at_least;   /* CP_UNSET = not given */
    int visits_at_least, turns_at_least;                            /* CP_UNSET = not given */
    double score_at_least;    /* fraction 0..1; < 0 = not given */
    cp_strlist flags, not_flags;
    cp_strlist set, clear;    /* flags set / cleared when taken */
    int fn_ref;               /* Lua registry ref of a `when` function, or CP_NO_FN */
    char *label;              /* readable summary of the conditions (for graphs and check) */
} cp_transition;

/* A node (the citizen speaks, the trainee replies) or an ending (is_ending). */
typedef struct cp_node {
    char *id;
    int line;
    bool is_ending;
    char *say;                /* static line, or NULL when say_ref is a function */
    int say_ref;              /* Lua registry ref of a say(state) function, or CP_NO_FN */
    char *expression;         /* calm|angry|furious|anxious|confused|sad|relieved|happy|suspicious */
    /* reply turns only: */
    cp_strlist criteria;      /* criteria that count here (node's own or the scenario's) */
    cp_react *reacts;         /* persona reacts merged with the node's overrides */
    size_t nreacts;
    char *hint, *model;       /* may be NULL */
    cp_strlist choices;       /* beginner options, submitted as reply text */
    cp_notice *notice;        /* NULL when the node asks for no one-time notice */
    cp_strlist basis;
    bool identity;
    cp_check *checks;
    size_t nchecks;
    cp_transition *next;
    size_t nnext;
    /* endings only: */
    char *outcome;            /* resolved|escalated|complaint|walked_away|author's own */
    int rating;               /* 1..5 on the 好差评 scale, 0 when missing */
    char *title;              /* the ending's Chinese name (「问题解决」), NULL when missing */
    char *explain;            /* why the story ended here (Chinese), NULL when not given */
} cp_node;

/* The case brief (案情卡): what a clerk at that window has in front of them. Every part is
 * optional; `given` says whether the scenario has a `brief` table at all (check requires one). */
typedef struct cp_brief {
    bool given;
    char *who;                /* who comes and why (NULL when not given) */
    cp_strlist brought;       /* what they brought */
    cp_strlist system;        /* what the system shows */
    cp_strlist rules;         /* the local rules for this case */
    cp_strlist facts;         /* anything else */
} cp_brief;

typedef struct cp_persona {
    char *name, *role, *gender;
    int age, anger, trust;
} cp_persona;

/* The persona's state as a scenario function sees it (`state` in docs/scenario-api.md). */
typedef struct cp_script_state {
    int anger, trust;
    int turn;                 /* replies given, this one included */
    int visits;               /* times the node has been entered, this time included */
    const cp_strlist *flags;
    /* the reply just given (NULL at the start): what it did, for a citizen who listens */
    const cp_result *last;
    const char *last_text;
    const struct cp_node *last_node;   /* the node it was given at (its notice names items) */
} cp_script_state;

/* The reply a `when` function judges (its first argument). */
typedef struct cp_script_reply {
    const cp_result *res;     /* every criterion's result (`met`) */
    double score, max;        /* over the node's focus criteria */
    const char *text;         /* the reply as given */
    int choice;               /* 1-based choice, 0 when typed */
} cp_script_reply;

/* Runs the scenario's own functions for the runtime (engine/scenario). Whoever loads a scenario
 * fills this in (the Lua host: engine/luahost/scenario_fns.c); the runtime calls through it, so
 * it never includes a Lua header. A function that fails fills err with file:line: message. */
typedef struct cp_scenario_host {
    /* What the citizen says at nd (nd->say_ref != CP_NO_FN) in state st: a new UTF-8 string
     * (caller frees), or NULL with err filled. */
    char *(*say)(const struct cp_scenario *sc, const cp_node *nd, const cp_script_state *st,
                 cp_error *err);
    /* Whether transition t's `when` function (t->fn_ref != CP_NO_FN) holds for reply r in
     * state st: 1 or 0, or -1 with err filled. */
    int (*when)(const struct cp_scenario *sc, const cp_transition *t, const cp_script_reply *r,
                const cp_script_state *st, cp_error *err);
} cp_scenario_host;

typedef struct cp_scenario {
    char *path;               /* file it was loaded from */
    char *id, *title, *summary, *notes;
    char *top;                /* what the top rating (5) takes here (Chinese), NULL when missing */
    cp_brief brief;           /* the case brief */
    cp_strlist sources;
    cp_strlist rubrics;
    int difficulty;           /* 1..3, 0 when not given */
    int line;                 /* line of the scenario{} call */
    uint64_t hash;            /* hash of the file's bytes */
    cp_persona persona;
    cp_strlist criteria;      /* scenario default criteria */
    cp_node *nodes;           /* nodes first, then endings */
    size_t nnodes;
    int start;                /* index of the start node, -1 if missing */
    struct cp_sandbox *sb;    /* owns the Lua functions the scenario defined */
    const cp_scenario_host *host;   /* runs them (set by the loader; NULL: none to run) */
} cp_scenario;

/* Loads a scenario file in a fresh sandbox (engine/luahost/scenario_load.c). Structural problems in the graph (unknown targets,
 * unreachable nodes) do not fail loading: cp_scenario_lint reports them. Returns NULL and fills
 * err with file:line: message on anything else. Caller frees with cp_scenario_free. */
cp_scenario *cp_scenario_load(const char *path, cp_error *err);
/* Frees a scenario and its sandbox (engine/luahost); NULL is a no-op. */
void cp_scenario_free(cp_scenario *sc);
/* Index of node or ending `id`, or -1. */
int cp_scenario_find(const cp_scenario *sc, const char *id);
/* Number of endings. */
size_t cp_scenario_count_endings(const cp_scenario *sc);
/* Chinese words for an ending's outcome ("resolved" -> 问题解决; an author's own outcome as
 * written; NULL -> 结束) and a 好差评 rating (1..5; anything else -> 未评价). Static strings. */
const char *cp_scenario_outcome_name(const char *outcome);
const char *cp_scenario_rating_name(int rating);
/* An ending's name as the trainee sees it: its `title`, else the Chinese word for its outcome
 * (never an internal id). Static or borrowed from nd. */
const char *cp_scenario_ending_title(const cp_node *nd);
/* The case brief as Chinese text for the terminal and the window: one line per part (「来访人：」
 * 「带来的材料：」「系统显示：」「本地规定：」「其他情况：」), list items on their own lines
 * starting with "  · ", empty parts left out, no trailing newline. A new heap string (caller
 * frees), or NULL when the scenario has no brief or it is empty. */
char *cp_scenario_brief_text(const cp_scenario *sc);

/* Called once per problem found by lint. */
typedef void (*cp_lint_fn)(void *ud, const char *file, int line, const char *msg);
/* Lints the graph and data: missing targets, unreachable nodes and endings, nodes with no path
 * to an ending, endings without outcome or rating, unknown criteria (when scorer is not NULL),
 * unknown expressions, choices that make no difference, text that overflows the window.
 * Messages starting "warning: " are reported but not counted. Returns the number of problems. */
int cp_scenario_lint(const cp_scenario *sc, const cp_scorer *scorer, cp_lint_fn fn, void *ud);
/* What `check` asks beyond what a session needs to start (engine/scenario/fair.c): a brief, a
 * `top`, every ending's `title`; every fact a node scores (notice items, where, deadline, basis,
 * each check group) in the brief or said by the citizen on every path up to that node (needs
 * scorer); no node that can be entered again saying the same line on its second visit; no
 * transition testing a criterion the node does not score that is not conduct (needs scorer).
 * Function says run with a neutral state. Reports like cp_scenario_lint; returns the count. */
int cp_scenario_lint_fair(const cp_scenario *sc, const cp_scorer *scorer, cp_lint_fn fn,
                          void *ud);

#endif
