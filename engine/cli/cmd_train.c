/* cmd_train.c - `counterpart train [--corpus DIR] [--out FILE] [--folds N] [--also FILE]`:
 * fits the scorer's learned layer on the labelled corpus (replies/NAME.jsonl joined with
 * labels/primary-NAME.jsonl by id; writers listed in DIR/HELDOUT are left out, never trained on)
 * and writes the weights (default: the rubric folder's scorer.model). Deterministic: the same
 * corpus gives the same bytes. Also reads labelled rows with inline "labels" (--also FILE,
 * repeatable), such as trainers' overrides exported by `counterpart learn`. */
#include "cli.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <string.h>

typedef struct trow_src {
    cJSON *obj;         /* the reply row (owned by the rows list) */
    cJSON *labels;      /* borrowed: an object {criterion: bool} */
} trow_src;

typedef struct corpus {
    cJSON **docs;       /* every parsed line, freed at the end */
    size_t ndocs, capdocs;
    trow_src *rows;
    size_t nrows, caprows;
    cJSON *labels;      /* id -> labels object (primary labeller) */
} corpus;

static void keep(corpus *c, cJSON *o)
{
    if (c->ndocs == c->capdocs) {
        c->capdocs = c->capdocs ? c->capdocs * 2 : 1024;
        c->docs = cp_xrealloc(c->docs, c->capdocs * sizeof *c->docs);
    }
    c->docs[c->ndocs++] = o;
}

/* Calls fn on each JSON object line of path; a bad line is an error naming the file and line. */
static int each_line(const char *path, int (*fn)(corpus *, cJSON *, const char *, int), corpus *c)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "counterpart train: %s: cannot open\n", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0, rc = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        cJSON *o = cJSON_ParseWithLength(line, (size_t)n);
        if (!cJSON_IsObject(o)) {
            fprintf(stderr, "counterpart train: %s:%d: not a JSON object\n", path, lineno);
            cJSON_Delete(o);
            rc = -1;
            break;
        }
        keep(c, o);
        if (fn(c, o, path, lineno) != 0) {
            rc = -1;
            break;
        }
    }
    free(line);
    fclose(f);
    return rc;
}

static int add_label(corpus *c, cJSON *o, const char *path, int lineno)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    cJSON *lb = cJSON_GetObjectItemCaseSensitive(o, "labels");
    if (!cJSON_IsString(id) || !cJSON_IsObject(lb)) {
        fprintf(stderr, "counterpart train: %s:%d: a label row needs \"id\" and \"labels\"\n", path,
                lineno);
        return -1;
    }
    if (!cJSON_GetObjectItemCaseSensitive(c->labels, id->valuestring))
        cJSON_AddItemReferenceToObject(c->labels, id->valuestring, lb);
    return 0;
}

static void push_row(corpus *c, cJSON *o, cJSON *labels)
{
    if (c->nrows == c->caprows) {
        c->caprows = c->caprows ? c->caprows * 2 : 1024;
        c->rows = cp_xrealloc(c->rows, c->caprows * sizeof *c->rows);
    }
    c->rows[c->nrows].obj = o;
    c->rows[c->nrows].labels = labels;
    c->nrows++;
}

static int add_reply(corpus *c, cJSON *o, const char *path, int lineno)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "text");
    if (!cJSON_IsString(id) || !cJSON_IsString(t)) {
        fprintf(stderr, "counterpart train: %s:%d: a reply row needs \"id\" and \"text\"\n", path,
                lineno);
        return -1;
    }
    cJSON *lb = cJSON_GetObjectItemCaseSensitive(o, "labels");
    if (!cJSON_IsObject(lb))
        lb = cJSON_GetObjectItemCaseSensitive(c->labels, id->valuestring);
    if (cJSON_IsObject(lb))
        push_row(c, o, lb);
    return 0;
}

static bool held_out(const char *corpus_dir, const char *name)
{
    char *p = cp_xasprintf("%s/HELDOUT", corpus_dir);
    FILE *f = fopen(p, "r");
    free(p);
    if (!f)
        return false;
    char line[256];
    bool out = false;
    while (!out && fgets(line, sizeof line, f)) {
        line[strcspn(line, " \t\r\n#")] = '\0';
        size_t n = strlen(line);
        out = n && strncmp(name, line, n) == 0 && strcmp(name + n, ".jsonl") == 0;
    }
    fclose(f);
    return out;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted *.jsonl names in dir starting with prefix. */
static void list_dir(const char *dir, const char *prefix, cp_strlist *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n > 6 && strcmp(de->d_name + n - 6, ".jsonl") == 0 &&
            strncmp(de->d_name, prefix, strlen(prefix)) == 0)
            cp_strlist_push(out, de->d_name);
    }
    closedir(d);
    qsort(out->v, out->n, sizeof *out->v, cmp_str);
}

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
            folds = atoi(argv[++i]);
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
    corpus c = { 0 };
    c.labels = cJSON_CreateObject();
    int rc = 0;
    cp_strlist files = { 0 };
    char *ldir = cp_xasprintf("%s/labels", dir);
    list_dir(ldir, "primary", &files);
    for (size_t i = 0; i < files.n && rc == 0; i++) {
        char *p = cp_xasprintf("%s/%s", ldir, files.v[i]);
        rc = each_line(p, add_label, &c);
        free(p);
    }
    cp_strlist_free(&files);
    free(ldir);
    char *rdir = cp_xasprintf("%s/replies", dir);
    list_dir(rdir, "", &files);
    size_t used = 0;
    for (size_t i = 0; i < files.n && rc == 0; i++) {
        if (held_out(dir, files.v[i]))
            continue;
        char *p = cp_xasprintf("%s/%s", rdir, files.v[i]);
        rc = each_line(p, add_reply, &c);
        used++;
        free(p);
    }
    cp_strlist_free(&files);
    free(rdir);
    size_t from_corpus = c.nrows;
    for (size_t i = 0; i < also.n && rc == 0; i++)
        rc = each_line(also.v[i], add_reply, &c);
    if (rc == 0 && c.nrows == 0) {
        fprintf(stderr, "counterpart train: %s: no labelled replies found\n", dir);
        rc = -1;
    }
    cp_train_row *rows = cp_xcalloc(c.nrows ? c.nrows : 1, sizeof *rows);
    cp_line (*hist)[CLI_MAX_HIST] = cp_xcalloc(c.nrows ? c.nrows : 1, sizeof *hist);
    size_t nr = 0;
    cp_error err = { 0 };
    for (size_t i = 0; i < c.nrows && rc == 0; i++) {
        cJSON *o = c.rows[i].obj;
        const cJSON *js = cJSON_GetObjectItemCaseSensitive(o, "scenario");
        const cJSON *jn = cJSON_GetObjectItemCaseSensitive(o, "node");
        const cJSON *jc = cJSON_GetObjectItemCaseSensitive(o, "citizen");
        const cJSON *jh = cJSON_GetObjectItemCaseSensitive(o, "history");
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
        cp_train_row *r = &rows[nr];
        if (cli_grade_ctx(cJSON_IsString(js) ? js->valuestring : NULL,
                          cJSON_IsString(jn) ? jn->valuestring : NULL, &r->ctx, &err) != 0 ||
            (jh && cJSON_IsArray(jh) && cli_history(jh, hist[nr], &r->ctx, &err) != 0)) {
            char buf[1400];
            fprintf(stderr, "counterpart train: row %s: %s\n", cJSON_IsString(id) ? id->valuestring : "?",
                    cp_error_format(&err, buf, sizeof buf));
            rc = -1;
            break;
        }
        r->ctx.citizen = cJSON_IsString(jc) ? jc->valuestring : NULL;
        r->id = cJSON_IsString(id) ? id->valuestring : NULL;
        r->text = cJSON_GetObjectItemCaseSensitive(o, "text")->valuestring;
        size_t nl = (size_t)cJSON_GetArraySize(c.rows[i].labels);
        const char **ids = cp_xcalloc(nl ? nl : 1, sizeof *ids);
        bool *met = cp_xcalloc(nl ? nl : 1, sizeof *met);
        size_t k = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, c.rows[i].labels)
        {
            if (cJSON_IsBool(it)) {
                ids[k] = it->string;
                met[k] = cJSON_IsTrue(it);
                k++;
            }
        }
        r->ids = ids;
        r->met = met;
        r->nlabels = k;
        const cJSON *wt = cJSON_GetObjectItemCaseSensitive(o, "weight");
        r->weight = cJSON_IsNumber(wt) && wt->valuedouble > 0 ? (float)wt->valuedouble : 1.0f;
        nr++;
    }
    if (rc == 0) {
        printf("training on %zu labelled replies (%zu from %zu corpus files, %zu added)\n", nr,
               from_corpus, used, nr - from_corpus);
        if (cp_scorer_train(scorer, rows, nr, folds, out, stdout, &err) != 0) {
            cli_print_error(&err);
            rc = -1;
        }
    }
    for (size_t i = 0; i < nr; i++) {
        free((void *)rows[i].ids);
        free((void *)rows[i].met);
    }
    free(rows);
    free(hist);
    for (size_t i = 0; i < c.ndocs; i++)
        cJSON_Delete(c.docs[i]);
    free(c.docs);
    free(c.rows);
    cJSON_Delete(c.labels);
    cp_scorer_free(scorer);
    cp_strlist_free(&also);
    free(def_out);
    return rc == 0 ? 0 : 1;
}
