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
} md_crit;

/* Weights are interleaved by feature (W[h * MD_MAX_CRIT + criterion]) so that one reply's
 * features touch one cache line each for every criterion at once. */
typedef struct cp_model {
    unsigned bits;
    size_t n;
    md_crit c[MD_MAX_CRIT];
    float *W;           /* (1 << bits) * stride */
    size_t stride;      /* criteria slots per feature (n rounded up to 4, fixed at creation) */
    char version[17];   /* hex of the file's checksum: names the weights in every result */
} cp_model;

/* Loads a model file; NULL with err naming the file and the problem. */
cp_model *md_load(const char *path, cp_error *err);
/* Writes m to path atomically; fills m->version from the bytes written. */
int md_save(cp_model *m, const char *path, cp_error *err);
/* An empty model with bits-wide hashed features and room for ncrit criteria (md_add). */
cp_model *md_new(unsigned bits, size_t ncrit);
/* Adds criterion id with zero weights; returns its index or -1 when full. */
int md_add(cp_model *m, const char *id);
void md_free(cp_model *m);
/* Index of criterion id, or -1. */
int md_find(const cp_model *m, const char *id);
/* The logits (log-odds that each criterion is met) of features f[0..n) into z[0..m->n). */
void md_logits(const cp_model *m, const sc_feat *f, size_t n, float *z);
/* Weight of feature bucket h for criterion ci. */
static inline float md_w(const cp_model *m, size_t ci, uint32_t h)
{
    return m->W[(size_t)h * m->stride + ci];
}
/* Copies dense weights w[1 << bits] and bias into criterion ci. */
void md_set(cp_model *m, size_t ci, const float *w, float bias);

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
/* Fits dense weights w[1 << bits] and *bias to ex[0..n) from zero. */
void md_train(float *w, float *bias, unsigned bits, const md_example *ex, size_t n,
              const md_params *p);
/* The logit of features f under dense weights w and bias (training only). */
double md_logit_dense(const float *w, float bias, const sc_feat *f, size_t n);

#endif
