/* cmd_train.c - `counterpart train [--corpus DIR] [--out FILE] [--folds N] [--also FILE]`:
 * fits the scorer's learned layer on the labelled corpus (replies/NAME.jsonl joined with
 * labels/primary-NAME.jsonl by id; writers listed in DIR/HELDOUT are left out, never trained on)
 * and writes the weights (default: the rubric folder's scorer.model). Deterministic: the same
 * corpus gives the same bytes. Also reads labelled rows with inline "labels" (--also FILE,
 * repeatable), such as trainers' overrides exported by `counterpart learn`. */
#include "trainset.h"

int cmd_train(int argc, char **argv)
{
    const char *dir = "tests/eval/corpus", *out = NULL;
    int folds = 5;
    cp_strlist also = { 0 };
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h")) {
            printf("usage: counterpart train [--corpus DIR] [--out FILE] [--folds N] [--also FILE]\n"
                   "Fits the scorer's learned layer on the labelled corpus and writes its weights\n"
                   "(default: %s/scorer.model). Prints k-fold cross-validated agreement first\n"
                   "(--folds 0 skips it). Writers listed in DIR/HELDOUT are never trained on.\n",
                   cli_rubrics_dir());
            cp_strlist_free(&also);
            return 0;
        } else if (cli_is(argv[i], "--corpus", NULL) && i + 1 < argc) {
            dir = argv[++i];
        } else if (cli_is(argv[i], "--out", "-o") && i + 1 < argc) {
            out = argv[++i];
        } else if (cli_is(argv[i], "--folds", NULL) && i + 1 < argc) {
            long f;
            if (!cli_whole("train", "--folds", argv[++i], 0, 20, &f)) {
                cp_strlist_free(&also);
                return 2;
            }
            folds = (int)f;
        } else if (cli_is(argv[i], "--also", NULL) && i + 1 < argc) {
            cp_strlist_push(&also, argv[++i]);
        } else {
            fprintf(stderr, "counterpart train: unknown argument '%s' (see --help)\n", argv[i]);
            cp_strlist_free(&also);
            return 2;
        }
    }
    char *def_out = cp_xasprintf("%s/scorer.model", cli_rubrics_dir());
    if (!out)
        out = def_out;
    /* the rule layer only: features must not depend on an older model */
    setenv("COUNTERPART_MODEL", "none", 1);
    cp_scorer *scorer = cli_load_scorer();
    if (!scorer) {
        free(def_out);
        cp_strlist_free(&also);
        return 1;
    }
    cli_trainset *ts = cli_trainset_new();
    size_t used = 0;
    int rc = cli_trainset_corpus(ts, "counterpart train", dir, false, &used);
    size_t from_corpus = cli_trainset_count(ts);
    for (size_t i = 0; i < also.n && rc == 0; i++)
        rc = cli_trainset_file(ts, "counterpart train", also.v[i]);
    size_t nr = cli_trainset_count(ts);
    if (rc == 0 && nr == 0) {
        fprintf(stderr, "counterpart train: %s: no labelled replies found\n", dir);
        rc = -1;
    }
    const cp_train_row *rows = rc == 0 ? cli_trainset_rows(ts, "counterpart train") : NULL;
    if (rc == 0 && rows) {
        cp_error err = { 0 };
        printf("training on %zu labelled replies (%zu from %zu corpus files, %zu added)\n", nr,
               from_corpus, used, nr - from_corpus);
        if (cp_scorer_train(scorer, rows, nr, folds, out, stdout, &err) != 0) {
            cli_print_error(&err);
            rc = -1;
        }
    } else {
        rc = -1;
    }
    cli_trainset_free(ts);
    cp_scorer_free(scorer);
    cp_strlist_free(&also);
    free(def_out);
    return rc == 0 ? 0 : 1;
}
