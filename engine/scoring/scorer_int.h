/* scorer_int.h - private to the scorer (scorer.c, rubric_load.c, result_json.c): the loaded
 * rubric data and the matcher tables. Nothing outside the scorer includes this. */
#ifndef CP_SCORER_INT_H
#define CP_SCORER_INT_H

#include "cp_scorer.h"
#include "norm.h"

#define SC_MAX_CHARS 4096      /* longest reply graded (code points); longer is an error */
#define SC_MAX_MATCHES 2048    /* cue matches kept per reply */
#define SC_MAX_CLAUSES 1024
#define SC_MAX_PIECES 4        /* a cue is up to 4 literal pieces joined by gaps */
#define SC_MAX_TERM 64         /* code points in one piece / one ctx term */
#define SC_MAX_EXEMPLARS 4096
#define SC_CLAUSE_GAP 10       /* '*' in a cue: up to this many code points, same clause */
#define SC_NEG_WINDOW 6        /* how far back from a cue negation is looked for */

/* What a cue does for its criterion. */
enum sc_role {
    ROLE_POS,    /* earns the criterion (or, for order, marks content) */
    ROLE_NEG,    /* loses it (blame, promise, rude word, ...) */
    ROLE_EXCL,   /* cancels any overlapping POS/NEG cue of the same criterion */
    ROLE_AUX1,   /* kind-specific list 1 (open-question words, identity checks, jargon;
                  * need: objects that count only beside an action; avoid: buck-passing) */
    ROLE_AUX2,   /* kind-specific list 2 (rhetorical, personal details, explanations;
                  * need: actions that make an object a step; avoid: help that cancels passing) */
    ROLE_AUX3,   /* kind-specific list 3 (jargon only for elderly personas) */
    ROLE_NROLES
};

/* Global lexicon roles (crit == -1). */
enum sc_lex { LEX_NEGATOR, LEX_NOTNEG, LEX_SARCASM, LEX_PASS, LEX_NLEX };

enum sc_kind {
    KIND_NEED,      /* met when a cue (or a good exemplar) is present */
    KIND_AVOID,     /* met unless a violation cue (or a bad exemplar) is present */
    KIND_BOTH,      /* needs a cue and no violation (courtesy) */
    KIND_LISTEN,    /* NEED + open questions (aux1 = question words, aux2 = rhetorical) */
    KIND_ORDER,     /* opening moves before content (cues = content words) */
    KIND_PRIVACY,   /* AVOID + full ID/card/phone numbers + identity before details */
    KIND_PLAIN,     /* AVOID + jargon unexplained (aux1 jargon, aux2 explanations) + long sentences */
};

enum { PF_NONEG = 1, PF_QUEST = 2, PF_START = 4, PF_TOEND = 8, PF_NOQUEST = 16, PF_FROMSTART = 32 };

typedef struct sc_pat {
    int16_t crit;        /* criterion index, -1 for the global lexicon */
    uint8_t role;        /* enum sc_role, or enum sc_lex when crit == -1 */
    uint8_t flags;       /* PF_* */
    uint8_t npieces;
    uint8_t gap[SC_MAX_PIECES];    /* before piece k>0: 1 = within clause, 2 = within sentence */
    uint32_t off[SC_MAX_PIECES];   /* into cp_scorer.pool */
    uint16_t len[SC_MAX_PIECES];
    uint32_t next;       /* next pattern ending at the same trie node */
    const char *text;    /* the cue as written (owned by the criterion's strings) */
} sc_pat;

typedef struct sc_exemplar {
    int16_t crit;
    bool good;
    uint8_t negpar;      /* parity of negators in the exemplar */
    uint16_t nbig;       /* distinct bigrams */
    char *text;
} sc_exemplar;

typedef struct sc_crit {
    char *id, *name, *source, *desc, *model, *missing, *violated;
    char *file;
    int line;
    enum sc_kind kind;
    double max;
    double threshold;    /* exemplar similarity needed (Dice on character bigrams) */
    int long_clause;
    int sarcasm;         /* 0 ignore, 1 sarcasm cancels positive cues, 2 sarcasm is a violation */
    bool conduct;        /* judged on every reply, shown when in focus or broken */
    int md;              /* index of its weights in the learned layer, -1 none */
    cp_strlist opening, content;   /* order: criterion ids of opening / content moves */
    int open_idx[8], nopen, content_idx[16], ncontent;
} sc_crit;

typedef struct sc_edge { uint32_t node, cp, child; } sc_edge;

struct cp_scorer {
    cp_norm nm;
    sc_crit *crit;
    size_t ncrit, capcrit;
    sc_pat *pat;
    size_t npat, cappat;
    uint32_t *pool;              /* code points of every cue piece */
    size_t npool, cappool;
    char **strs;                 /* cue texts (owned) */
    size_t nstrs, capstrs;
    /* trie over first pieces: open-addressing hash of edges */
    sc_edge *edges;
    size_t edgecap, nedges;
    uint32_t *term;              /* per node: first pattern ending here (UINT32_MAX none) */
    size_t nnodes, capnodes;
    /* exemplars and their bigram index */
    sc_exemplar *ex;
    size_t nex, capex;
    uint64_t *bkeys;             /* sorted distinct bigram keys */
    uint32_t *bstart;            /* postings start per key (nbkeys + 1 entries) */
    uint16_t *bpost;             /* exemplar indices */
    size_t nbkeys;
    double default_threshold;
    char *notice_name, *notice_model;
    struct sc_seg *seg;          /* word segmenter (NULL: characters) */
    struct sc_wclass *wclass;    /* word classes for scope and acts (context.c) */
    struct cp_model *model;      /* learned layer (NULL: the rule layer decides alone) */
};


/* ---- The working state of one reply (normalised text, clauses, cue matches, words) ---- */
typedef struct sc_match {
    uint32_t pat;
    uint16_t s, e;       /* normalised positions [s, e) */
    uint16_t ls;         /* start of the last piece (negation is checked before it too) */
    uint16_t pe;         /* end of the piece before it (the check stops there) */
    uint8_t valid;       /* counts (not negated, not excluded, question ok) */
    uint8_t negated;
} sc_match;

typedef struct sc_clause {
    uint16_t s, e;       /* [s, e) content, without the break characters */
    uint16_t sent;       /* sentence index */
    uint8_t question;    /* ends in ? or a question particle */
    uint8_t squest;      /* its sentence ends as a question */
} sc_clause;

typedef struct sc_work {
    uint32_t n[SC_MAX_CHARS];
    uint32_t oi[SC_MAX_CHARS];
    uint16_t cl[SC_MAX_CHARS];     /* clause index of each position */
    uint8_t negmark[SC_MAX_CHARS];
    uint8_t cover[SC_MAX_CHARS];
    uint8_t pass[SC_MAX_CHARS];    /* characters negation scope passes through (是 太 能 ...) */
    size_t N, total;
    sc_clause c[SC_MAX_CLAUSES];
    size_t nc;
    uint16_t sent_s[SC_MAX_CLAUSES], sent_e[SC_MAX_CLAUSES];
    size_t ns;
    sc_match m[SC_MAX_MATCHES];
    size_t nm;
    uint16_t ws[SC_MAX_CHARS], we[SC_MAX_CHARS];   /* words (segmenter) over n[0..N) */
    size_t nw;
    bool sarcasm;
    int sarcasm_pos, sarcasm_end;
} sc_work;


/* ---- Segmentation (segment.c) ---- */
typedef struct sc_seg sc_seg;
/* Loads jieba's dictionary (dict) and our domain lexicon (domain, may be absent). */
sc_seg *sc_seg_load(const cp_norm *nm, const char *dict, const char *domain, cp_error *err);
void sc_seg_free(sc_seg *g);
/* Number of dictionary entries (words and prefixes). */
size_t sc_seg_size(const sc_seg *g);
/* Splits normalised text t[0..n) into words [ws[i], we[i]); returns the count (<= cap).
 * A NULL segmenter gives single characters (digits and Latin runs still one token). */
size_t sc_seg_words(const sc_seg *g, const uint32_t *t, size_t n, uint16_t *ws, uint16_t *we,
                    size_t cap);

/* ---- Time expressions (when.c) ---- */
enum { SC_WHEN_DAY = 1, SC_WHEN_MONTH_END, SC_WHEN_WITHIN, SC_WHEN_WEEKDAY, SC_WHEN_RELDAY,
       SC_WHEN_YEAR_END };
enum { SC_UNIT_DAY = 1, SC_UNIT_WORKDAY, SC_UNIT_WEEK, SC_UNIT_MONTH };
/* One time expression: span [s, e) and its meaning. DAY: a = month offset (0 this, 1 next),
 * b = day; MONTH_END: a = month offset; WITHIN: a = unit, b = count; WEEKDAY: a = week offset,
 * b = 1..7; RELDAY: a = days from today; YEAR_END. */
typedef struct sc_when {
    uint16_t s, e;
    uint8_t kind;
    int16_t a, b;
} sc_when;
/* Finds the time expressions in normalised text t[0..n). */
size_t sc_when_scan(const uint32_t *t, size_t n, sc_when *out, size_t cap);
/* Finds them in a short UTF-8 string (normalised first). */
size_t sc_when_text(const cp_norm *nm, const char *s, sc_when *out, size_t cap);
/* True when a and b mean the same deadline. */
bool sc_when_same(const sc_when *a, const sc_when *b);

/* ---- Word classes for scope and acts (context.c) ---- */
typedef struct sc_wclass sc_wclass;
sc_wclass *sc_wclass_new(const cp_norm *nm);
void sc_wclass_free(sc_wclass *t);

/* ---- The citizen's words, for echo and overlap (context.c) ---- */
#define SC_MAX_HIST 8
#define SC_MAX_CW 256
#define SC_CW_LEN 16
#define SC_CW_SLOTS 512
typedef struct sc_cwords {
    uint16_t slot[SC_CW_SLOTS];   /* open-addressed index: word index + 1, 0 empty */
    uint32_t w[SC_MAX_CW][SC_CW_LEN];
    uint8_t len[SC_MAX_CW];
    uint8_t content[SC_MAX_CW];   /* a content word of the line answered (not a stop word) */
    size_t n, ncontent;
} sc_cwords;
/* Collects the words of the citizen's line and of earlier citizen lines. */
void sc_citizen_words(const cp_scorer *sc, const char *citizen, const cp_score_ctx *ctx,
                      sc_cwords *cw);

struct sc_feat;
/* The hashed features of one reply in context (rules: the rule layer's result, may be NULL). */
size_t sc_features(const cp_scorer *sc, const cp_score_ctx *ctx, const sc_work *w,
                   const sc_cwords *cw, const cp_result *rules, struct sc_feat *out, size_t cap,
                   uint32_t mask, uint32_t *acts);
/* The same over the part [us, ue) of the reply (one sentence): words, acts and cues there; the
 * scopes and the rule layer's verdicts are the whole reply's. */
size_t sc_features_span(const cp_scorer *sc, const cp_score_ctx *ctx, const sc_work *w,
                        const sc_cwords *cw, const cp_result *rules, size_t us, size_t ue,
                        struct sc_feat *out, size_t cap, uint32_t mask, uint32_t *acts);


/* Adds cue text to the scorer for criterion crit (-1: lexicon) with role; parses its syntax:
 * leading '!' = no negation check, leading '?' = only in a question clause, leading '^' = at a
 * clause start, '>' = the match reaches to the end of its clause (for except: 不能保证 covers
 * the rest of the clause), '<' = the match reaches back to the start of its clause (for except:
 * 白跑也不是我造成的 cancels 白跑), '~' = not in a question clause, '*' = a gap within the clause, '…' = a gap within the sentence.
 * Returns 0 or -1 with a message in msg. */
int sc_add_cue(cp_scorer *sc, int crit, int role, const char *text, char *msg, size_t msgsz);
/* Adds an exemplar reply. */
void sc_add_exemplar(cp_scorer *sc, int crit, bool good, const char *text);
/* Builds the trie and the exemplar index once every rubric file is read. */
int sc_finish(cp_scorer *sc, cp_error *err);
int sc_crit_index(const cp_scorer *sc, const char *id);
/* Validates text (UTF-8, not empty, not too long) and prepares w: normalised text, clauses,
 * cue matches, words. Returns 0, or -1 with err saying why the reply cannot be scored. */
int sc_prepare(const cp_scorer *sc, const cp_score_ctx *ctx, const char *text, size_t len,
               sc_work *w, cp_error *err);
/* The rule layer's verdicts on every criterion of a prepared reply (plus notice and checks). */
int sc_grade_rules(const cp_scorer *sc, const cp_score_ctx *ctx, sc_work *w, const char *text,
                   size_t len, cp_result *out);
/* True when the digits of w->n[s, e) were said by the citizen (ctx's line or history). */
bool sc_citizen_said(const cp_score_ctx *ctx, const sc_work *w, size_t s, size_t e);
/* Appends to a criterion's note (bounded). */
void sc_note_add(cp_crit_result *cr, const char *s);
/* Loads the segmenter (jieba's dictionary + dir/lexicon.txt) and, when present, the learned
 * layer (dir/scorer.model, or $COUNTERPART_MODEL). */
int sc_attach(cp_scorer *sc, const char *dir, cp_error *err);
cp_scorer *sc_new(cp_error *err);
#include <stdio.h>
void sc_explain(const cp_scorer *sc, const char *text, size_t len, FILE *f);

#endif
