/* cp_scorer.h - the explainable rubric scorer: grades one Chinese reply, criterion by criterion,
 * with evidence spans into the text as typed and a note on what was missing.
 * Rubrics (criterion ids, names, cues, exemplars, model phrases) are data in Lua files under
 * scenarios/rubrics/, loaded once through the sandbox; grading itself never touches Lua.
 * Knows nothing of SDL. A loaded scorer is read-only and may be shared between sessions. */
#ifndef CP_SCORER_H
#define CP_SCORER_H

#include "cp_common.h"

#define CP_MAX_CRITERIA 32   /* criteria in one result, generic + scenario-specific */
#define CP_MAX_EVIDENCE 8    /* evidence spans kept per criterion */
#define CP_NOTE_MAX 512      /* bytes of a criterion note, NUL included */

/* ---- Scenario-specific scoring data (filled by the scenario loader, owned by the scenario) ---- */

/* One item of a one-time complete notice (一次性告知): its label, the words that name it,
 * and the words that say where to get it (empty: no "where" required). */
typedef struct cp_notice_item {
    char *label;
    cp_strlist match;
    cp_strlist where;
} cp_notice_item;

/* What clarity.one_time_notice requires at a node: every item (with where) plus the deadline. */
typedef struct cp_notice {
    cp_notice_item *items;
    size_t nitems;
    cp_strlist deadline;   /* phrases that state the time limit (empty: none required) */
} cp_notice;

/* An extra scenario-specific criterion: met when every group in `all` has one term present. */
typedef struct cp_check {
    char *id;     /* e.g. "arrears.late_fee" */
    char *name;   /* Chinese display name */
    char *note;   /* what to say when missed (Chinese) */
    cp_strlist *all;
    size_t nall;
} cp_check;

/* What the scorer needs to know about where the reply is given. Zero-initialise; all optional. */
typedef struct cp_score_ctx {
    int age;                    /* persona age; 0 = unknown. >= 60 asks for short sentences */
    const cp_notice *notice;    /* NULL: clarity.one_time_notice is not part of the result */
    const cp_strlist *basis;    /* extra terms that count as citing the basis here */
    bool identity_required;     /* compliance.privacy also needs an identity check first */
    const cp_check *checks;     /* scenario-specific criteria, appended after generic ones */
    size_t nchecks;
} cp_score_ctx;

/* ---- Results (fixed size: grading allocates nothing) ---- */

/* A span of the original reply, in Unicode code points [start, end). */
typedef struct cp_evidence {
    uint32_t start, end;
    bool positive;   /* true: these words earned the point (green); false: lost it (red) */
} cp_evidence;

typedef struct cp_crit_result {
    const char *id;     /* borrowed from the scorer or the ctx's checks: valid while they live */
    const char *name;   /* Chinese display name, borrowed likewise */
    bool met;
    double score, max;
    cp_evidence ev[CP_MAX_EVIDENCE];
    size_t nev;
    char note[CP_NOTE_MAX];   /* what was missing + a model phrase ("" when met) */
} cp_crit_result;

typedef struct cp_result {
    cp_crit_result crit[CP_MAX_CRITERIA];
    size_t n;
    double score, max;   /* sums over crit */
} cp_result;

typedef struct cp_scorer cp_scorer;

/* Loads every *.lua rubric file in dir (sorted by name) through the sandbox.
 * Returns NULL and fills err with file:line on a bad rubric. Caller frees with cp_scorer_free. */
cp_scorer *cp_scorer_load(const char *dir, cp_error *err);
/* Frees a scorer; NULL is a no-op. */
void cp_scorer_free(cp_scorer *sc);

/* Number of generic criteria the scorer defines (each appears in every result, in this order). */
size_t cp_scorer_count(const cp_scorer *sc);
/* Id, Chinese name, max score and model phrase of generic criterion i (< count). */
const char *cp_scorer_id(const cp_scorer *sc, size_t i);
const char *cp_scorer_name(const cp_scorer *sc, size_t i);
double cp_scorer_max(const cp_scorer *sc, size_t i);
const char *cp_scorer_model(const cp_scorer *sc, size_t i);
/* Definition of generic criterion i (its rubric's desc; "" when none). */
const char *cp_scorer_desc(const cp_scorer *sc, size_t i);
/* True when id is a criterion the scorer can produce (generic, or the built-in
 * clarity.one_time_notice which needs a ctx notice). Scenario checks are not included. */
bool cp_scorer_knows(const cp_scorer *sc, const char *id);

/* Grades text[0..len) (UTF-8) in ctx (NULL = no context). Invalid UTF-8 is graded after
 * replacing bad bytes with U+FFFD (offsets stay in code points of the sanitised text); NUL
 * and control characters are treated as spaces. Returns 0, or -1 with err filled when the
 * input cannot be graded at all (err says why). Thread-safe for a shared scorer. */
int cp_scorer_grade(const cp_scorer *sc, const cp_score_ctx *ctx, const char *text, size_t len,
                    cp_result *out, cp_error *err);

/* Finds criterion id in a result; NULL when absent. */
const cp_crit_result *cp_result_find(const cp_result *r, const char *id);

/* Appends a JSON array of the result's criteria to a new heap string (caller frees):
 * [{"id","name","met","score","max","evidence":[{"start","end","text"}],"note"}].
 * text is the reply the result was graded on (evidence text is cut from it). */
char *cp_result_json(const cp_result *r, const char *text, size_t len);

#endif
