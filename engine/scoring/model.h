/* model.h - private to the scoring room: the learned layer. One logistic-regression model per
 * criterion over hashed features (words with their scope, character pairs, acts, overlap with
 * the citizen's line, the rule layer's verdicts), its weights a data file built by
 * `counterpart train` (deterministic FTRL-proximal). Knows nothing of Lua, SDL or records. */
#ifndef CP_MODEL_H
#define CP_MODEL_H

#include "cp_common.h"

#define MD_MAX_CRIT 64
#define MD_MAX_BYTES (64u << 20)   /* largest model file read */

/* One hashed feature of one reply: bucket h (already reduced to the model's bits), value v and
 * the span [s, e) of normalised code points it came from (s == e: no span, e.g. a length). */
typedef struct sc_feat {
    uint32_t h;
    float v;
    uint16_t s, e;
} sc_feat;

typedef struct md_crit {
    char *id;
    float bias;
    float *w;   /* 1 << bits weights, dense */
} md_crit;

typedef struct cp_model {
    unsigned bits;
    size_t n;
    md_crit c[MD_MAX_CRIT];
    char version[17];   /* hex of the file's checksum: names the weights in every result */
} cp_model;

/* Loads a model file; NULL with err naming the file and the problem. */
cp_model *md_load(const char *path, cp_error *err);
/* Writes m to path atomically; fills m->version from the bytes written. */
int md_save(cp_model *m, const char *path, cp_error *err);
/* An empty model with bits-wide hashed features (criteria added by md_add). */
cp_model *md_new(unsigned bits);
/* Adds criterion id with zero weights; returns its index or -1 when full. */
int md_add(cp_model *m, const char *id);
void md_free(cp_model *m);
/* Index of criterion id, or -1. */
int md_find(const cp_model *m, const char *id);
/* The logit (log-odds that the criterion is met) of features f[0..n). */
double md_logit(const md_crit *c, const sc_feat *f, size_t n);

/* Training parameters (FTRL-proximal, McMahan et al. 2013), deterministic for equal input. */
typedef struct md_params {
    double alpha, beta, l1, l2;
    int epochs;
    uint64_t seed;   /* order of examples in each epoch (a fixed PRNG) */
} md_params;

/* One labelled example: features, label (1 met, 0 not), weight (overrides count more). */
typedef struct md_example {
    const sc_feat *f;
    size_t nf;
    int y;
    float weight;
} md_example;

/* Default parameters (chosen by cross-validation on the development corpus). */
md_params md_default_params(void);
/* Fits criterion c's weights (and bias) to ex[0..n) from zero. */
void md_train(md_crit *c, unsigned bits, const md_example *ex, size_t n, const md_params *p);

#endif
