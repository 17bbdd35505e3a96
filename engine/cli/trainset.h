/* trainset.h - labelled replies for the scorer's learned layer, shared by `train` and `learn`:
 * the corpus (replies/NAME.jsonl joined with labels/primary-NAME.jsonl by id; the writers listed
 * in DIR/HELDOUT are a part of their own, never trained on), JSONL files with inline "labels",
 * and rows built in memory (trainers' corrections), each turned into a cp_train_row with its
 * scoring context. Also the agreement of a scorer with a labelled set, counted as `make eval`
 * counts it (tests/eval/metrics.py). Must not: fit weights (cp_scorer_train does). */
#ifndef CP_CLI_TRAINSET_H
#define CP_CLI_TRAINSET_H

#include "cli.h"

struct cJSON;
typedef struct cli_trainset cli_trainset;

/* An empty set; free with cli_trainset_free (NULL is a no-op). */
cli_trainset *cli_trainset_new(void);
void cli_trainset_free(cli_trainset *ts);
/* Adds the labelled corpus at dir: the held-out writers' rows when heldout, else the others.
 * *files (may be NULL) gets the number of reply files read. Returns 0, or -1 with a message
 * printed (prefixed by cmd, e.g. "counterpart train"). */
int cli_trainset_corpus(cli_trainset *ts, const char *cmd, const char *dir, bool heldout,
                        size_t *files);
/* Adds every row of a JSONL file that has inline "labels" ({criterion: true|false}; other
 * values are not labels). Returns 0, or -1 with a message printed. */
int cli_trainset_file(cli_trainset *ts, const char *cmd, const char *path);
/* Adds one row shaped like a corpus row with inline labels ("id", "scenario", "node",
 * "citizen", "history", "text", "labels", optional "weight"); takes ownership of o. */
void cli_trainset_add(cli_trainset *ts, struct cJSON *o);
/* Number of labelled rows. */
size_t cli_trainset_count(const cli_trainset *ts);
/* The JSON object of row i (owned by the set). */
const struct cJSON *cli_trainset_json(const cli_trainset *ts, size_t i);
/* True when the set holds a row with this text at this scenario and node. */
bool cli_trainset_has_text(const cli_trainset *ts, const char *scenario, const char *node,
                           const char *text);
/* The rows as training rows (contexts resolved from their scenario and node; scenarios stay
 * cached), valid while ts lives. NULL with a message printed on a row that cannot be placed. */
const cp_train_row *cli_trainset_rows(cli_trainset *ts, const char *cmd);

/* Agreement of a scorer with human labels on one criterion. */
typedef struct cli_agree {
    char id[96];
    long tp, fp, fn, tn;   /* scorer met/label met, met/missed, missed/met, missed/missed */
} cli_agree;

/* Per criterion (first seen first) and over all criteria. */
typedef struct cli_agreement {
    cli_agree *c;
    size_t n;
    cli_agree all;
    size_t graded, errors;   /* rows graded; rows the scorer refused */
} cli_agreement;

/* Grades rows[0..n) with sc and counts agreement with their labels as `make eval` does: a label
 * on a criterion absent from the result counts only for conduct criteria (absent = kept).
 * Fills out (free with cli_agreement_free). */
void cli_agreement_of(const cp_scorer *sc, const cp_train_row *rows, size_t n,
                      cli_agreement *out);
void cli_agreement_free(cli_agreement *a);
/* Accuracy and Cohen's kappa of one tally (NaN when it has no rows / kappa is undefined). */
double cli_accuracy(const cli_agree *a);
double cli_kappa(const cli_agree *a);

#endif
