/* cmd_learn.c - `counterpart learn`: trainers' corrections teach the scorer. Every override in
 * the records (classroom F6, `counterpart override`) is a labelled example in its context; learn
 * refits the learned layer on the corpus + dev.jsonl + those corrections (each weighing more
 * than one corpus row), shows agreement on the held-out replies (never trained on) before and
 * after and each correction's verdict before and after, and installs the new weights in the data
 * folder, keeping the previous ones for `--rollback`. Every change is logged in the records.
 * Needs the assessor passphrase. Must not: train on held-out rows, change weights silently. */
#include "cli_records.h"
#include "trainset.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LEARN_WEIGHT 5.0   /* one correction counts as much as this many corpus rows */
#define LEARN_FOLDS 5      /* as `make train`: cross-validation places the decision thresholds */

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart learn [--weight W] [--dry-run] [--by NAME] [--db PATH]\n"
        "                         [--passphrase-file FILE] [--corpus DIR] [--also FILE]...\n"
        "                         [--heldout FILE] [--folds N]\n"
        "       counterpart learn --rollback [--by NAME] [--db PATH] [--passphrase-file FILE]\n"
        "       counterpart learn --status [--db PATH]\n"
        "       counterpart learn --export FILE|- [--db PATH] [--passphrase-file FILE]\n"
        "Refits the scorer's learned layer on the labelled corpus (the writers in DIR/HELDOUT\n"
        "left out), dev.jsonl (--also) and every trainer's correction in the records (the latest\n"
        "override of each criterion of each recorded reply, in its context; each counts W corpus\n"
        "rows, default %g). Prints per-criterion accuracy and kappa on the held-out replies (the\n"
        "corpus's held-out writers and --heldout, never trained on) before and after, and each\n"
        "correction's verdict before and after. Then writes the new weights to the data folder\n"
        "(%s), keeping the previous\n"
        "ones: --rollback restores them (and removes the learned weights when there were none).\n"
        "The window and the CLI use, in this order, $COUNTERPART_MODEL, the learned weights,\n"
        "the rubric folder's scorer.model; every result names its version.\n"
        "--dry-run shows the figures and writes nothing. --status shows the weights in use and\n"
        "every change; --export writes the corrections as JSON lines (the rows learn trains on;\n"
        "`counterpart train --also FILE` reads them).\n"
        "Defaults: --corpus tests/eval/corpus, --also tests/eval/dev.jsonl, --heldout\n"
        "tests/eval/heldout.jsonl (beside the scenarios folder), --folds %d (as `make train`:\n"
        "cross-validation places each decision threshold; 0 skips it).\n"
        "Needs the assessor passphrase (--passphrase-file, $COUNTERPART_PASSPHRASE or a\n"
        "prompt); --status does not.\n"
        "exit: 0 done (or nothing to do), 1 wrong passphrase / nothing to roll back / a problem\n"
        "with the records, corpus or data folder, 2 usage\n",
        LEARN_WEIGHT, "$XDG_DATA_HOME/counterpart/scorer.model", LEARN_FOLDS);
    return rc;
}

/* ---- Paths ---- */

/* dir of the repository's test data: beside the scenarios folder, else the working folder. */
static char *eval_path(const char *rel)
{
    const char *sd = cli_scenarios_dir();
    const char *slash = strrchr(sd, '/');
    char *p = slash ? cp_xasprintf("%.*s/%s", (int)(slash - sd), sd, rel) : cp_xstrdup(rel);
    if (access(p, F_OK) == 0)
        return p;
    free(p);
    return cp_xstrdup(rel);
}

/* mkdir -p of the folder holding path (new folders 0700, like the records). */
static int make_parent(const char *path)
{
    char *dir = cp_xstrdup(path);
    char *slash = strrchr(dir, '/');
    int rc = 0;
    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = dir + 1; rc == 0; p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char c = *p;
            *p = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
                fprintf(stderr, "counterpart learn: %s: cannot create the folder: %s\n", dir,
                        strerror(errno));
                rc = -1;
            }
            *p = c;
            if (!c)
                break;
        }
    }
    free(dir);
    return rc;
}

static bool exists(const char *p) { return access(p, F_OK) == 0; }

/* Copies src to dst atomically (the previous weights, byte for byte). */
static int copy_file(const char *src, const char *dst)
{
    cp_error err = { 0 };
    size_t len;
    char *b = cp_read_file(src, 1u << 30, &len, &err);
    int rc = b ? cp_write_file_atomic(dst, b, len, &err) : -1;
    free(b);
    if (rc != 0)
        cli_print_error(&err);
    return rc;
}

static int version_of(const char *path, char *buf, size_t size)
{
    cp_error err = { 0 };
    if (cp_scorer_file_version(path, buf, size, &err) != 0) {
        cli_print_error(&err);
        return -1;
    }
    return 0;
}

/* ---- Corrections as training rows ---- */

static cJSON *correction_row(const cp_rec_correction *c, double weight, bool full)
{
    cJSON *o = cJSON_CreateObject();
    char id[64];
    snprintf(id, sizeof id, "override-%lld", (long long)c->override_id);
    cJSON_AddStringToObject(o, "id", id);
    cJSON_AddStringToObject(o, "source", "override");
    cJSON_AddStringToObject(o, "scenario", c->scenario);
    cJSON_AddStringToObject(o, "node", c->node);
    cJSON_AddStringToObject(o, "citizen", c->citizen);
    /* what the scorer saw: the session's last CP_SESSION_HISTORY exchanges */
    cJSON *h = cJSON_AddArrayToObject(o, "history");
    size_t from = c->nhistory > 2 * CP_SESSION_HISTORY ? c->nhistory - 2 * CP_SESSION_HISTORY : 0;
    for (size_t i = from; i < c->nhistory; i++) {
        cJSON *l = cJSON_CreateObject();
        cJSON_AddStringToObject(l, "role", c->history[i].who);
        cJSON_AddStringToObject(l, "text", c->history[i].text);
        cJSON_AddItemToArray(h, l);
    }
    cJSON_AddStringToObject(o, "text", c->reply);
    cJSON *lb = cJSON_AddObjectToObject(o, "labels");
    cJSON_AddBoolToObject(lb, c->criterion, c->met);
    cJSON_AddNumberToObject(o, "weight", weight);
    if (full) {
        cJSON_AddNumberToObject(o, "session", (double)c->session_id);
        cJSON_AddNumberToObject(o, "turn", c->seq);
        cJSON_AddNumberToObject(o, "trainee", (double)c->trainee);
        if (c->met_auto >= 0)
            cJSON_AddBoolToObject(o, "met_auto", c->met_auto == 1);
        else
            cJSON_AddNullToObject(o, "met_auto");
        cJSON_AddStringToObject(o, "model", c->model);
        cJSON_AddStringToObject(o, "by", c->by);
        cJSON_AddStringToObject(o, "why", c->why);
        cJSON_AddStringToObject(o, "at", c->at);
    }
    return o;
}

/* ---- Figures ---- */

static const cli_agree *find_tally(const cli_agreement *a, const char *id)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->c[i].id, id) == 0)
            return &a->c[i];
    return NULL;
}

static void print_pair(const char *what, double b, double a)
{
    if (isnan(b) || isnan(a))
        printf("  %s   —   ->   —           ", what);
    else
        printf("  %s %.3f -> %.3f (%+.3f)", what, b, a, a - b);
}

static void print_tally(const cli_agree *b, const cli_agree *a)
{
    static const cli_agree none = { "", 0, 0, 0, 0 };
    if (!a)
        a = &none;
    printf("  %-28s %5ld", b->id, b->tp + b->fp + b->fn + b->tn);
    print_pair("acc", cli_accuracy(b), cli_accuracy(a));
    print_pair("kappa", cli_kappa(b), cli_kappa(a));
    bool changed = b->tp != a->tp || b->fp != a->fp || b->fn != a->fn || b->tn != a->tn;
    printf("%s\n", changed ? "  *" : "");
}

static void print_set(const char *name, size_t nrows, const cli_agreement *b,
                      const cli_agreement *a)
{
    printf("%s: %zu replies%s\n", name, nrows, b->errors ? " (some not graded)" : "");
    for (size_t i = 0; i < b->n; i++)
        print_tally(&b->c[i], find_tally(a, b->c[i].id));
    print_tally(&b->all, &a->all);
}

/* The verdict of sc on one criterion of a row: 1 met, 0 missed, -1 not shown; *p the learned
 * probability (-1 when the rule layer decided). */
static int verdict(const cp_scorer *sc, const cp_train_row *r, const char *crit, float *p)
{
    cp_result *res = cp_xmalloc(sizeof *res);
    cp_error err = { 0 };
    int v = -1;
    *p = -1;
    if (cp_scorer_grade(sc, &r->ctx, r->text, strlen(r->text), res, &err) == 0) {
        const cp_crit_result *c = cp_result_find(res, crit);
        if (c) {
            v = c->met;
            *p = c->p;
        } else if (cp_scorer_conduct(sc, crit)) {
            v = 1;   /* a conduct criterion is shown only when broken */
        }
    }
    free(res);
    return v;
}

static const char *verdict_name(int v) { return v == 1 ? "met" : v == 0 ? "missed" : "not shown"; }

/* ---- learn ---- */

typedef struct learn_opts {
    double weight;
    int folds;
    bool dry_run;
    const char *by, *dbpath, *passf, *corpus, *heldout;
    cp_strlist also;
} learn_opts;

static int learn(cp_records *db, const learn_opts *o)
{
    cp_error err = { 0 };
    char learned[4096], prev[4200], tmp[4200], before_path[4096];
    if (cp_scorer_learned_path(learned, sizeof learned, &err) != 0 ||
        cp_scorer_model_path(cli_rubrics_dir(), before_path, sizeof before_path, &err) != 0) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    snprintf(prev, sizeof prev, "%s.prev", learned);
    snprintf(tmp, sizeof tmp, "%s.new.%ld", learned, (long)getpid());
    const char *env = getenv("COUNTERPART_MODEL");
    if (env && *env)
        fprintf(stderr, "counterpart learn: note: COUNTERPART_MODEL is set (%s): while it is, the "
                        "window and the CLI use it, not the learned weights\n", env);
    size_t nc = 0;
    cp_rec_correction *corr = cp_records_corrections(db, &nc, &err);
    if (!corr) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    if (nc == 0) {
        printf("no trainers' corrections in the records (override a result in the classroom "
               "with F6, or with `counterpart override`): nothing to learn\n");
        cp_rec_corrections_free(corr, nc);
        return 0;
    }
    char before_v[24];
    if (version_of(before_path, before_v, sizeof before_v) != 0) {
        cp_rec_corrections_free(corr, nc);
        return EXIT_PROBLEM;
    }
    /* features come from the rule layer alone, never from an older model */
    setenv("COUNTERPART_MODEL", "none", 1);
    int rc = EXIT_PROBLEM;
    cp_scorer *rules = cli_load_scorer();
    cp_scorer *eval = rules ? cli_load_scorer() : NULL;
    cli_trainset *train = cli_trainset_new(), *hcorp = cli_trainset_new(),
                 *hfile = cli_trainset_new();
    cli_agreement b1 = { 0 }, b2 = { 0 }, a1 = { 0 }, a2 = { 0 };
    bool *used = cp_xcalloc(nc, sizeof *used);
    size_t *rowof = cp_xcalloc(nc, sizeof *rowof);
    int *vb = cp_xcalloc(nc, sizeof *vb), *va = cp_xcalloc(nc, sizeof *va);
    float *pb = cp_xcalloc(nc, sizeof *pb), *pa = cp_xcalloc(nc, sizeof *pa);
    bool wrote_tmp = false;
    if (!eval)
        goto out;
    if (before_path[0] && cp_scorer_load_model(eval, before_path, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    /* the held-out replies: measured, never trained on */
    size_t nfiles = 0, nheld = 0;
    if (cli_trainset_corpus(hcorp, "counterpart learn", o->corpus, true, &nheld) != 0 ||
        (exists(o->heldout) && cli_trainset_file(hfile, "counterpart learn", o->heldout) != 0))
        goto out;
    /* the training rows: the corpus's other writers, --also files, the corrections */
    if (cli_trainset_corpus(train, "counterpart learn", o->corpus, false, &nfiles) != 0)
        goto out;
    size_t ncorpus = cli_trainset_count(train);
    if (ncorpus == 0) {
        fprintf(stderr, "counterpart learn: %s: no labelled corpus replies (--corpus DIR)\n",
                o->corpus);
        goto out;
    }
    for (size_t i = 0; i < o->also.n; i++)
        if (cli_trainset_file(train, "counterpart learn", o->also.v[i]) != 0)
            goto out;
    size_t nbase = cli_trainset_count(train), nused = 0;
    printf("%zu trainers' corrections in the records\n", nc);
    for (size_t i = 0; i < nc; i++) {
        const cp_rec_correction *c = &corr[i];
        cp_score_ctx ctx;
        const char *why = NULL;
        if (cli_trainset_has_text(hcorp, c->scenario, c->node, c->reply) ||
            cli_trainset_has_text(hfile, c->scenario, c->node, c->reply))
            why = "the reply is one of the held-out rows, which are never trained on";
        else if (cli_grade_ctx(c->scenario, c->node, &ctx, &err) != 0)
            why = err.msg;
        if (why) {
            printf("  left out: override %lld (session %lld turn %d %s): %s\n",
                   (long long)c->override_id, (long long)c->session_id, c->seq, c->criterion, why);
            continue;
        }
        used[i] = true;
        rowof[i] = nbase + nused++;
        cli_trainset_add(train, correction_row(c, o->weight, false));
    }
    const cp_train_row *rows = cli_trainset_rows(train, "counterpart learn");
    const cp_train_row *hr1 = rows ? cli_trainset_rows(hcorp, "counterpart learn") : NULL;
    const cp_train_row *hr2 = hr1 ? cli_trainset_rows(hfile, "counterpart learn") : NULL;
    if (!rows || !hr1 || (cli_trainset_count(hfile) && !hr2))
        goto out;
    if (nused == 0) {
        printf("no correction can be used: nothing learned\n");
        rc = 0;
        goto out;
    }
    printf("training on %zu rows: %zu corpus (%zu files), %zu from %zu more file(s), "
           "%zu corrections x weight %g\n", cli_trainset_count(train), ncorpus, nfiles,
           nbase - ncorpus, o->also.n, nused, o->weight);
    /* before */
    cli_agreement_of(eval, hr1, cli_trainset_count(hcorp), &b1);
    cli_agreement_of(eval, hr2, cli_trainset_count(hfile), &b2);
    for (size_t i = 0; i < nc; i++)
        if (used[i])
            vb[i] = verdict(eval, &rows[rowof[i]], corr[i].criterion, &pb[i]);
    /* fit (deterministic), then after */
    if (make_parent(learned) != 0)
        goto out;
    if (cp_scorer_train(rules, rows, cli_trainset_count(train), o->folds, tmp, NULL, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    wrote_tmp = true;
    if (cp_scorer_load_model(eval, tmp, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    char after_v[24];
    snprintf(after_v, sizeof after_v, "%s", cp_scorer_version(eval));
    cli_agreement_of(eval, hr1, cli_trainset_count(hcorp), &a1);
    cli_agreement_of(eval, hr2, cli_trainset_count(hfile), &a2);
    for (size_t i = 0; i < nc; i++)
        if (used[i])
            va[i] = verdict(eval, &rows[rowof[i]], corr[i].criterion, &pa[i]);

    printf("\nheld-out agreement (never trained on), before %s -> after %s ('*' changed):\n",
           before_v, after_v);
    char name[4200];
    snprintf(name, sizeof name, "%s, held-out writers (%zu files)", o->corpus, nheld);
    print_set(name, cli_trainset_count(hcorp), &b1, &a1);
    if (cli_trainset_count(hfile))
        print_set(o->heldout, cli_trainset_count(hfile), &b2, &a2);
    printf("\ncorrections: the trainer's verdict, the scorer's before -> after "
           "(p: the learned layer's probability that it is met):\n");
    int agree_b = 0, agree_a = 0;
    for (size_t i = 0; i < nc; i++) {
        if (!used[i])
            continue;
        const cp_rec_correction *c = &corr[i];
        agree_b += vb[i] == c->met;
        agree_a += va[i] == c->met;
        char p1[16] = "rule", p2[16] = "rule";
        if (pb[i] >= 0)
            snprintf(p1, sizeof p1, "p %.2f", pb[i]);
        if (pa[i] >= 0)
            snprintf(p2, sizeof p2, "p %.2f", pa[i]);
        printf("  session %lld turn %d %-26s trainer %-6s  %s (%s) -> %s (%s)  by %s: %s\n",
               (long long)c->session_id, c->seq, c->criterion, c->met ? "met" : "missed",
               verdict_name(vb[i]), p1, verdict_name(va[i]), p2, c->by, c->why);
    }
    printf("  agree with the trainers: before %d of %zu, after %d of %zu\n", agree_b, nused,
           agree_a, nused);
    if (strcmp(after_v, before_v) == 0) {
        printf("\nscorer model: %s, unchanged (these corrections are learned already)\n", before_v);
        rc = 0;
        goto out;
    }
    if (o->dry_run) {
        printf("\nscorer model: %s would become %s (%zu corrections); --dry-run: nothing written\n",
               before_v, after_v, nused);
        rc = 0;
        goto out;
    }
    /* install: keep the previous learned weights byte for byte (an empty .prev: there were
     * none, the shipped weights were in use), then the new ones in one rename */
    bool had = exists(learned);
    if (had ? copy_file(learned, prev) != 0 : cp_write_file_atomic(prev, "", 0, &err) != 0) {
        if (!had)
            cli_print_error(&err);
        goto out;
    }
    if (rename(tmp, learned) != 0) {
        fprintf(stderr, "counterpart learn: %s: cannot install the new weights: %s\n", learned,
                strerror(errno));
        goto out;
    }
    wrote_tmp = false;
    cp_rec_model_change mc = { .corrections = (int)nused };
    snprintf(mc.by, sizeof mc.by, "%s", cli_actor(o->by));
    snprintf(mc.action, sizeof mc.action, "learn");
    snprintf(mc.old_version, sizeof mc.old_version, "%s", before_v);
    snprintf(mc.new_version, sizeof mc.new_version, "%s", after_v);
    if (cp_records_model_change(db, &mc, &err) != 0)
        cli_print_error(&err);   /* the weights are installed: say so, but report the log */
    printf("\nscorer model: %s -> %s, fitted with %zu trainers' corrections (weight %g each)\n",
           before_v, after_v, nused, o->weight);
    printf("wrote %s; the previous weights are kept (%s), `counterpart learn --rollback` "
           "restores them\n", learned, had ? prev : "the rubric folder's scorer.model");
    rc = 0;
out:
    if (wrote_tmp)
        unlink(tmp);
    free(used);
    free(rowof);
    free(vb);
    free(va);
    free(pb);
    free(pa);
    cli_agreement_free(&b1);
    cli_agreement_free(&b2);
    cli_agreement_free(&a1);
    cli_agreement_free(&a2);
    cli_trainset_free(train);
    cli_trainset_free(hcorp);
    cli_trainset_free(hfile);
    cp_scorer_free(rules);
    cp_scorer_free(eval);
    cp_rec_corrections_free(corr, nc);
    return rc;
}

/* ---- rollback, status, export ---- */

static int rollback(cp_records *db, const char *by)
{
    cp_error err = { 0 };
    char learned[4096], prev[4200], rubric[4200];
    if (cp_scorer_learned_path(learned, sizeof learned, &err) != 0) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    snprintf(prev, sizeof prev, "%s.prev", learned);
    snprintf(rubric, sizeof rubric, "%s/scorer.model", cli_rubrics_dir());
    struct stat st;
    if (stat(prev, &st) != 0) {
        fprintf(stderr, "counterpart learn: nothing to roll back (no %s)\n", prev);
        return EXIT_PROBLEM;
    }
    char now_v[24], back_v[24];
    if (version_of(exists(learned) ? learned : (exists(rubric) ? rubric : NULL), now_v,
                   sizeof now_v) != 0)
        return EXIT_PROBLEM;
    bool none = st.st_size == 0;   /* no learned weights before: the shipped ones come back */
    if (version_of(none ? (exists(rubric) ? rubric : NULL) : prev, back_v, sizeof back_v) != 0)
        return EXIT_PROBLEM;
    if (none) {
        if ((exists(learned) && unlink(learned) != 0) || unlink(prev) != 0) {
            fprintf(stderr, "counterpart learn: %s: cannot remove: %s\n", learned, strerror(errno));
            return EXIT_PROBLEM;
        }
    } else if (rename(prev, learned) != 0) {
        fprintf(stderr, "counterpart learn: %s: cannot restore: %s\n", learned, strerror(errno));
        return EXIT_PROBLEM;
    }
    cp_rec_model_change mc = { 0 };
    snprintf(mc.by, sizeof mc.by, "%s", cli_actor(by));
    snprintf(mc.action, sizeof mc.action, "rollback");
    snprintf(mc.old_version, sizeof mc.old_version, "%s", now_v);
    snprintf(mc.new_version, sizeof mc.new_version, "%s", back_v);
    if (cp_records_model_change(db, &mc, &err) != 0)
        cli_print_error(&err);
    printf("scorer model: %s -> %s (rolled back: %s)\n", now_v, back_v,
           none ? "the learned weights are removed, the rubric folder's scorer.model is used"
                : "the previous learned weights are restored");
    return 0;
}

static int status(cp_records *db)
{
    cp_error err = { 0 };
    char learned[4096], inuse[4096], v[32];
    if (cp_scorer_learned_path(learned, sizeof learned, &err) != 0 ||
        cp_scorer_model_path(cli_rubrics_dir(), inuse, sizeof inuse, &err) != 0) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    if (version_of(inuse, v, sizeof v) != 0)
        return EXIT_PROBLEM;
    printf("in use: %s (%s)\n", v, inuse[0] ? inuse : "no model: the rule layer alone");
    char prev[4200];
    snprintf(prev, sizeof prev, "%s.prev", learned);
    printf("learned weights: %s%s\n", learned, exists(learned) ? "" : " (none)");
    struct stat st;
    if (stat(prev, &st) == 0)
        printf("--rollback would %s\n", st.st_size ? "restore the previous learned weights"
                                                   : "remove the learned weights");
    size_t n;
    cp_rec_model_change *c = cp_records_model_changes(db, &n, &err);
    if (!c) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    printf("changes: %zu\n", n);
    for (size_t i = 0; i < n; i++) {
        printf("  %s  %-8s %s -> %s  by %s", c[i].at, c[i].action, c[i].old_version,
               c[i].new_version, c[i].by[0] ? c[i].by : "-");
        if (strcmp(c[i].action, "learn") == 0)
            printf("  (%d corrections)", c[i].corrections);
        printf("\n");
    }
    free(c);
    return 0;
}

static int export_rows(cp_records *db, const char *path, double weight)
{
    cp_error err = { 0 };
    size_t n;
    cp_rec_correction *c = cp_records_corrections(db, &n, &err);
    if (!c) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    if (!f) {
        fprintf(stderr, "counterpart learn: %s: cannot write: %s\n", path, strerror(errno));
        cp_rec_corrections_free(c, n);
        return EXIT_PROBLEM;
    }
    for (size_t i = 0; i < n; i++) {
        cJSON *o = correction_row(&c[i], weight, true);
        char *s = cJSON_PrintUnformatted(o);
        fprintf(f, "%s\n", s);
        cJSON_free(s);
        cJSON_Delete(o);
    }
    int rc = 0;
    if (f != stdout && fclose(f) != 0) {
        fprintf(stderr, "counterpart learn: %s: cannot write: %s\n", path, strerror(errno));
        rc = EXIT_PROBLEM;
    }
    if (f != stdout && rc == 0)
        fprintf(stderr, "counterpart learn: wrote %zu corrections to %s\n", n, path);
    cp_rec_corrections_free(c, n);
    return rc;
}

int cmd_learn(int argc, char **argv)
{
    learn_opts o = { .weight = LEARN_WEIGHT, .folds = LEARN_FOLDS };
    bool do_rollback = false, do_status = false, also_given = false;
    const char *export_path = NULL;
    char *corpus = eval_path("tests/eval/corpus"), *dev = eval_path("tests/eval/dev.jsonl"),
         *held = eval_path("tests/eval/heldout.jsonl");
    o.corpus = corpus;
    o.heldout = held;
    int rc = EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h")) {
            rc = usage(stdout, 0);
            goto done;
        } else if (cli_is(argv[i], "--db", NULL) && i + 1 < argc) {
            o.dbpath = argv[++i];
        } else if (cli_is(argv[i], "--passphrase-file", NULL) && i + 1 < argc) {
            o.passf = argv[++i];
        } else if (cli_is(argv[i], "--by", NULL) && i + 1 < argc) {
            o.by = argv[++i];
        } else if (cli_is(argv[i], "--weight", NULL) && i + 1 < argc) {
            char *end;
            o.weight = strtod(argv[++i], &end);
            if (*end || !(o.weight >= 1 && o.weight <= 1000)) {
                fprintf(stderr, "counterpart learn: --weight must be a number from 1 to 1000\n");
                goto usage;
            }
        } else if (cli_is(argv[i], "--folds", NULL) && i + 1 < argc) {
            char *end;
            long f = strtol(argv[++i], &end, 10);
            if (*end || f < 0 || f > 20) {
                fprintf(stderr, "counterpart learn: --folds must be 0 to 20\n");
                goto usage;
            }
            o.folds = (int)f;
        } else if (cli_is(argv[i], "--corpus", NULL) && i + 1 < argc) {
            o.corpus = argv[++i];
        } else if (cli_is(argv[i], "--also", NULL) && i + 1 < argc) {
            cp_strlist_push(&o.also, argv[++i]);
            also_given = true;
        } else if (cli_is(argv[i], "--heldout", NULL) && i + 1 < argc) {
            o.heldout = argv[++i];
        } else if (cli_is(argv[i], "--dry-run", NULL)) {
            o.dry_run = true;
        } else if (cli_is(argv[i], "--rollback", NULL)) {
            do_rollback = true;
        } else if (cli_is(argv[i], "--status", NULL)) {
            do_status = true;
        } else if (cli_is(argv[i], "--export", NULL) && i + 1 < argc) {
            export_path = argv[++i];
        } else {
            fprintf(stderr, "counterpart learn: unknown argument '%s'\n", argv[i]);
            goto usage;
        }
    }
    if (do_rollback + do_status + (export_path != NULL) > 1) {
        fprintf(stderr, "counterpart learn: --rollback, --status and --export go alone\n");
        goto usage;
    }
    if (!also_given && exists(dev))
        cp_strlist_push(&o.also, dev);
    cp_records *db = cli_open_records(o.dbpath);
    rc = EXIT_PROBLEM;
    if (!db)
        goto done;
    if (do_status)
        rc = status(db);
    else if (cli_unlock(db, o.passf) != 0)
        rc = EXIT_PROBLEM;
    else if (do_rollback)
        rc = rollback(db, o.by);
    else if (export_path)
        rc = export_rows(db, export_path, o.weight);
    else
        rc = learn(db, &o);
    cp_records_close(db);
    goto done;
usage:
    rc = usage(stderr, EXIT_USAGE);
done:
    cp_strlist_free(&o.also);
    free(corpus);
    free(dev);
    free(held);
    return rc;
}
