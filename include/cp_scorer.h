/* cp_scorer.h - the explainable rubric scorer: grades one Chinese reply, criterion by criterion,
 * with evidence spans into the text as typed and a note on what was missing.
 * Rubrics (criterion ids, names, cues, exemplars, model phrases) are data in Lua files under
 * scenarios/rubrics/, loaded once through the sandbox; grading itself never touches Lua.
 * Knows nothing of SDL. A loaded scorer is read-only and may be shared between sessions. */
#ifndef CP_SCORER_H
#define CP_SCORER_H

#include "cp_common.h"

#include <stdio.h>

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

/* One earlier line of the conversation: who said it ("citizen" or "clerk") and what. */
typedef struct cp_line {
    const char *who;
    const char *text;
} cp_line;

/* What the scorer needs to know about where the reply is given. Zero-initialise; all optional. */
typedef struct cp_score_ctx {
    const char *scenario;       /* scenario id (the learned layer knows each node's base rate) */
    const char *node;           /* node id; NULL = no node: the rubric's generic model phrases */
    const char *citizen;        /* the citizen's line this reply answers */
    const cp_line *history;     /* earlier lines, oldest first */
    size_t nhistory;
    const cp_strlist *focus;    /* criteria in focus here; NULL = show every criterion */
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
    bool conduct;       /* judged on every reply (shown when in focus or broken) */
    bool focus;         /* in the node's focus (false: shown because a conduct rule broke) */
    float p;            /* the learned layer's probability that it is met; -1 = rule verdict */
    double score, max;
    cp_evidence ev[CP_MAX_EVIDENCE];
    size_t nev;
    char note[CP_NOTE_MAX];   /* what was missing + a model phrase ("" when met) */
} cp_crit_result;

/* What a reply does, clause by clause (a scenario's citizen answers to these: an offer to
 * fetch the 科长 gets an answer, a check-back gets a yes). Bits of cp_result.acts. */
enum {
    CP_ACT_GREET = 1u << 0, CP_ACT_APOLOGY = 1u << 1, CP_ACT_THANKS = 1u << 2,
    CP_ACT_CALLBACK = 1u << 3, CP_ACT_CHANNEL = 1u << 4, CP_ACT_TIME = 1u << 5,
    CP_ACT_OPEN_QUESTION = 1u << 6, CP_ACT_CLOSED_QUESTION = 1u << 7, CP_ACT_CHECKBACK = 1u << 8,
    CP_ACT_CLERK_STEP = 1u << 9, CP_ACT_INSTRUCT = 1u << 10, CP_ACT_CITE = 1u << 11,
    CP_ACT_LIST = 1u << 12, CP_ACT_REFUSAL = 1u << 13, CP_ACT_WARNING = 1u << 14,
    CP_ACT_ESCALATE = 1u << 15, CP_ACT_PARAPHRASE = 1u << 16,
};
#define CP_ACT_COUNT 17
/* The script name of act bit i (0 <= i < CP_ACT_COUNT): "greet", "apology", ... */
const char *cp_act_name(unsigned i);

typedef struct cp_result {
    cp_crit_result crit[CP_MAX_CRITERIA];
    size_t n;
    uint32_t acts;         /* CP_ACT_* bits: what the reply does */
    uint32_t named;        /* bit i: the node's notice item i was named (found) in the reply */
    bool deadline_named;   /* the notice's deadline was stated (the same date or period) */
    double score, max;   /* sums over crit: exactly what is shown */
    char model[24];      /* what produced the verdicts: "rules" or "model:<version>" */
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

/* Grades text[0..len) (UTF-8) in ctx (NULL = no context). Refuses (returns -1 with err) text
 * that is not valid UTF-8, or empty / only spaces: neither is scored as a reply. NUL and control
 * characters are treated as spaces. With ctx->focus the result holds the criteria in focus plus
 * any conduct criterion that was broken, and score/max are their sums. Thread-safe for a
 * shared scorer. */
int cp_scorer_grade(const cp_scorer *sc, const cp_score_ctx *ctx, const char *text, size_t len,
                    cp_result *out, cp_error *err);

/* The result of a turn with no reply (an exam timer ran out on an empty box): every criterion
 * in focus missed, noted 没有作答. */
void cp_scorer_unanswered(const cp_scorer *sc, const cp_score_ctx *ctx, cp_result *out);

/* Loads (or replaces) the learned layer from a model file; path NULL = the rubric folder's
 * scorer.model. Returns 0, or -1 with err naming the file. */
int cp_scorer_load_model(cp_scorer *sc, const char *path, cp_error *err);
/* Path of the weights `counterpart learn` writes: $COUNTERPART_LEARNED, else
 * $XDG_DATA_HOME/counterpart/scorer.model, else ~/.local/share/counterpart/scorer.model.
 * Returns 0, or -1 with err (no HOME). The file may not exist. (learned.c) */
int cp_scorer_learned_path(char *buf, size_t size, cp_error *err);
/* The weights a front end uses, first found in this order: $COUNTERPART_MODEL ("none": no
 * model), the learned weights (cp_scorer_learned_path), rubrics_dir/scorer.model (shipped).
 * Writes the path to buf, "" when there are none (the rule layer decides alone). 0 or -1. */
int cp_scorer_model_path(const char *rubrics_dir, char *buf, size_t size, cp_error *err);
/* Applies that order to a scorer from cp_scorer_load (which knows only $COUNTERPART_MODEL and
 * the rubric folder): loads the learned weights when they exist and $COUNTERPART_MODEL is not
 * set. Returns 0, or -1 with err naming the file when the learned weights cannot be read. */
int cp_scorer_use_local(cp_scorer *sc, cp_error *err);
/* The version a model file would give results ("model:<12 hex>"; path NULL or "": "rules").
 * Returns 0, or -1 with err naming the file when it is not a readable model. */
int cp_scorer_file_version(const char *path, char *buf, size_t size, cp_error *err);
/* "model:<version>" of the loaded learned layer, or "rules" when there is none. */
const char *cp_scorer_version(const cp_scorer *sc);
/* True when criterion id is conduct (judged on every reply). */
bool cp_scorer_conduct(const cp_scorer *sc, const char *id);

/* One labelled reply for training: its context, text, and the labels a person gave. */
typedef struct cp_train_row {
    const char *id;           /* for reports */
    cp_score_ctx ctx;
    const char *text;
    const char *const *ids;   /* labelled criterion ids */
    const bool *met;          /* their labels */
    size_t nlabels;
    float weight;             /* 1 for the corpus; more for trainers' overrides */
} cp_train_row;

/* Fits the learned layer on rows[0..n) and writes it to out_path (deterministic: the same rows
 * give the same bytes). With folds > 1 first prints k-fold cross-validated agreement per
 * criterion to report (and, with CP_TRAIN_ERRORS set in the environment, every row the
 * cross-validation got wrong). Returns 0, or -1 with err. */
int cp_scorer_train(const cp_scorer *sc, const cp_train_row *rows, size_t n, int folds,
                    const char *out_path, FILE *report, cp_error *err);

/* ---- Facts in a text (engine/scoring/facts.c): what `check` asks to tell whether a trainee could
 * know a fact a node scores ---- */

/* True when text contains term, both normalised as the scorer normalises a reply (Traditional
 * -> Simplified, full-width -> half-width, ASCII case). NULL or empty never matches. */
bool cp_scorer_text_has(const cp_scorer *sc, const char *text, const char *term);
/* True when a and b state the same deadline: a time expression in a means the same date or
 * period as one in b (「本月底前」 = 「这个月月底以前」, 「15个工作日内」 = 「十五个工作日之内」). */
bool cp_scorer_same_deadline(const cp_scorer *sc, const char *a, const char *b);
/* True when text states deadline: the same date or period, or, when deadline is no time
 * expression the scorer understands, the phrase itself (cp_scorer_text_has). */
bool cp_scorer_text_has_deadline(const cp_scorer *sc, const char *text, const char *deadline);

/* Finds criterion id in a result; NULL when absent. */
const cp_crit_result *cp_result_find(const cp_result *r, const char *id);

/* Appends a JSON array of the result's criteria to a new heap string (caller frees):
 * [{"id","name","met","score","max","evidence":[{"start","end","text"}],"note"}].
 * text is the reply the result was graded on (evidence text is cut from it). */
char *cp_result_json(const cp_result *r, const char *text, size_t len);

/* Splits text[0..len) (UTF-8) into the words the scorer sees (its segmenter: jieba's dictionary
 * and the domain lexicon; a run of digits or Latin letters is one word, a punctuation mark or a
 * space one each): word i is code points [starts[i], ends[i]) of the text as typed, in order.
 * Returns the count (at most cap). For front ends that highlight whole words. */
size_t cp_scorer_words(const cp_scorer *sc, const char *text, size_t len, uint32_t *starts,
                       uint32_t *ends, size_t cap);

#endif
