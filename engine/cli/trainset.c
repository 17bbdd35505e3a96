/* trainset.c - labelled replies for `train` and `learn` (trainset.h): reading the corpus and
 * JSONL files, placing each row in its scenario node, and counting a scorer's agreement with the
 * labels. Must not: fit weights or write files. */
#include "trainset.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <string.h>

typedef struct trow_src {
    cJSON *obj;         /* the reply row (owned through docs) */
    cJSON *labels;      /* borrowed: an object {criterion: bool} */
} trow_src;

struct cli_trainset {
    cJSON **docs;       /* every parsed line, freed at the end */
    size_t ndocs, capdocs;
    trow_src *src;
    size_t n, cap;
    cJSON *labels;      /* id -> labels object (primary labeller), while reading a corpus */
    /* built by cli_trainset_rows */
    cp_train_row *rows;
    cp_line (*hist)[CLI_MAX_HIST];
    size_t nrows;
};

cli_trainset *cli_trainset_new(void)
{
    cli_trainset *ts = cp_xcalloc(1, sizeof *ts);
    ts->labels = cJSON_CreateObject();
    return ts;
}

static void free_rows(cli_trainset *ts)
{
    for (size_t i = 0; i < ts->nrows; i++) {
        free((void *)ts->rows[i].ids);
        free((void *)ts->rows[i].met);
    }
    free(ts->rows);
    free(ts->hist);
    ts->rows = NULL;
    ts->hist = NULL;
    ts->nrows = 0;
}

void cli_trainset_free(cli_trainset *ts)
{
    if (!ts)
        return;
    free_rows(ts);
    cJSON_Delete(ts->labels);   /* references only: the label objects live in docs */
    for (size_t i = 0; i < ts->ndocs; i++)
        cJSON_Delete(ts->docs[i]);
    free(ts->docs);
    free(ts->src);
    free(ts);
}

static void keep(cli_trainset *ts, cJSON *o)
{
    if (ts->ndocs == ts->capdocs) {
        ts->capdocs = ts->capdocs ? ts->capdocs * 2 : 1024;
        ts->docs = cp_xrealloc(ts->docs, ts->capdocs * sizeof *ts->docs);
    }
    ts->docs[ts->ndocs++] = o;
}

static void push_row(cli_trainset *ts, cJSON *o, cJSON *labels)
{
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? ts->cap * 2 : 1024;
        ts->src = cp_xrealloc(ts->src, ts->cap * sizeof *ts->src);
    }
    ts->src[ts->n].obj = o;
    ts->src[ts->n].labels = labels;
    ts->n++;
}

typedef int (*line_fn)(cli_trainset *, cJSON *, const char *cmd, const char *path, int lineno);

/* Calls fn on each JSON object line of path; a bad line is an error naming the file and line. */
static int each_line(cli_trainset *ts, const char *cmd, const char *path, line_fn fn)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: %s: cannot open\n", cmd, path);
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
            fprintf(stderr, "%s: %s:%d: not a JSON object\n", cmd, path, lineno);
            cJSON_Delete(o);
            rc = -1;
            break;
        }
        keep(ts, o);
        if (fn(ts, o, cmd, path, lineno) != 0) {
            rc = -1;
            break;
        }
    }
    free(line);
    fclose(f);
    return rc;
}

static int add_label(cli_trainset *ts, cJSON *o, const char *cmd, const char *path, int lineno)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    cJSON *lb = cJSON_GetObjectItemCaseSensitive(o, "labels");
    if (!cJSON_IsString(id) || !cJSON_IsObject(lb)) {
        fprintf(stderr, "%s: %s:%d: a label row needs \"id\" and \"labels\"\n", cmd, path, lineno);
        return -1;
    }
    if (!cJSON_GetObjectItemCaseSensitive(ts->labels, id->valuestring))
        cJSON_AddItemReferenceToObject(ts->labels, id->valuestring, lb);
    return 0;
}

static int add_reply(cli_trainset *ts, cJSON *o, const char *cmd, const char *path, int lineno)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "text");
    if (!cJSON_IsString(id) || !cJSON_IsString(t)) {
        fprintf(stderr, "%s: %s:%d: a reply row needs \"id\" and \"text\"\n", cmd, path, lineno);
        return -1;
    }
    cJSON *lb = cJSON_GetObjectItemCaseSensitive(o, "labels");
    if (!cJSON_IsObject(lb))
        lb = cJSON_GetObjectItemCaseSensitive(ts->labels, id->valuestring);
    if (cJSON_IsObject(lb))
        push_row(ts, o, lb);
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

int cli_trainset_corpus(cli_trainset *ts, const char *cmd, const char *dir, bool heldout,
                        size_t *files)
{
    int rc = 0;
    cp_strlist names = { 0 };
    char *ldir = cp_xasprintf("%s/labels", dir);
    list_dir(ldir, "primary", &names);
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        char *p = cp_xasprintf("%s/%s", ldir, names.v[i]);
        rc = each_line(ts, cmd, p, add_label);
        free(p);
    }
    cp_strlist_free(&names);
    free(ldir);
    char *rdir = cp_xasprintf("%s/replies", dir);
    list_dir(rdir, "", &names);
    size_t used = 0;
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        if (held_out(dir, names.v[i]) != heldout)
            continue;
        char *p = cp_xasprintf("%s/%s", rdir, names.v[i]);
        rc = each_line(ts, cmd, p, add_reply);
        used++;
        free(p);
    }
    cp_strlist_free(&names);
    free(rdir);
    if (files)
        *files = used;
    return rc;
}

int cli_trainset_file(cli_trainset *ts, const char *cmd, const char *path)
{
    return each_line(ts, cmd, path, add_reply);
}

void cli_trainset_add(cli_trainset *ts, cJSON *o)
{
    keep(ts, o);
    cJSON *lb = cJSON_GetObjectItemCaseSensitive(o, "labels");
    if (cJSON_IsObject(lb) && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "text")))
        push_row(ts, o, lb);
}

size_t cli_trainset_count(const cli_trainset *ts) { return ts->n; }

const cJSON *cli_trainset_json(const cli_trainset *ts, size_t i)
{
    return i < ts->n ? ts->src[i].obj : NULL;
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool cli_trainset_has_text(const cli_trainset *ts, const char *scenario, const char *node,
                           const char *text)
{
    for (size_t i = 0; i < ts->n; i++) {
        const cJSON *o = ts->src[i].obj;
        if (same(str_of(o, "text"), text) && same(str_of(o, "scenario"), scenario) &&
            same(str_of(o, "node"), node))
            return true;
    }
    return false;
}

const cp_train_row *cli_trainset_rows(cli_trainset *ts, const char *cmd)
{
    free_rows(ts);
    ts->rows = cp_xcalloc(ts->n ? ts->n : 1, sizeof *ts->rows);
    ts->hist = cp_xcalloc(ts->n ? ts->n : 1, sizeof *ts->hist);
    cp_error err = { 0 };
    for (size_t i = 0; i < ts->n; i++) {
        cJSON *o = ts->src[i].obj;
        const cJSON *jh = cJSON_GetObjectItemCaseSensitive(o, "history");
        const char *id = str_of(o, "id");
        cp_train_row *r = &ts->rows[i];
        if (cli_grade_ctx(str_of(o, "scenario"), str_of(o, "node"), &r->ctx, &err) != 0 ||
            (jh && cJSON_IsArray(jh) && cli_history(jh, ts->hist[i], &r->ctx, &err) != 0)) {
            char buf[1400];
            fprintf(stderr, "%s: row %s: %s\n", cmd, id ? id : "?",
                    cp_error_format(&err, buf, sizeof buf));
            ts->nrows = i;
            free_rows(ts);
            return NULL;
        }
        r->ctx.citizen = str_of(o, "citizen");
        r->id = id;
        r->text = str_of(o, "text");
        size_t nl = (size_t)cJSON_GetArraySize(ts->src[i].labels);
        const char **ids = cp_xcalloc(nl ? nl : 1, sizeof *ids);
        bool *met = cp_xcalloc(nl ? nl : 1, sizeof *met);
        size_t k = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, ts->src[i].labels)
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
        ts->nrows = i + 1;
    }
    return ts->rows;
}

/* ---- Agreement ---- */

static cli_agree *tally_of(cli_agreement *a, const char *id)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->c[i].id, id) == 0)
            return &a->c[i];
    a->c = cp_xrealloc(a->c, (a->n + 1) * sizeof *a->c);
    cli_agree *t = &a->c[a->n++];
    memset(t, 0, sizeof *t);
    snprintf(t->id, sizeof t->id, "%s", id);
    return t;
}

void cli_agreement_of(const cp_scorer *sc, const cp_train_row *rows, size_t n,
                      cli_agreement *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->all.id, sizeof out->all.id, "(all criteria)");
    cp_result *res = cp_xmalloc(sizeof *res);
    for (size_t i = 0; i < n; i++) {
        const cp_train_row *r = &rows[i];
        cp_error err = { 0 };
        if (cp_scorer_grade(sc, &r->ctx, r->text, strlen(r->text), res, &err) != 0) {
            out->errors++;
            continue;
        }
        out->graded++;
        for (size_t k = 0; k < r->nlabels; k++) {
            const cp_crit_result *c = cp_result_find(res, r->ids[k]);
            bool p;
            if (c)
                p = c->met;
            else if (cp_scorer_conduct(sc, r->ids[k]))
                p = true;   /* a conduct criterion is shown only when broken */
            else
                continue;
            bool g = r->met[k];
            cli_agree *t = tally_of(out, r->ids[k]);
            t->tp += p && g;
            t->fp += p && !g;
            t->fn += !p && g;
            t->tn += !p && !g;
            out->all.tp += p && g;
            out->all.fp += p && !g;
            out->all.fn += !p && g;
            out->all.tn += !p && !g;
        }
    }
    free(res);
}

void cli_agreement_free(cli_agreement *a)
{
    if (!a)
        return;
    free(a->c);
    memset(a, 0, sizeof *a);
}

double cli_accuracy(const cli_agree *a)
{
    long n = a->tp + a->fp + a->fn + a->tn;
    return n ? (double)(a->tp + a->tn) / (double)n : NAN;
}

double cli_kappa(const cli_agree *a)
{
    double n = (double)(a->tp + a->fp + a->fn + a->tn);
    if (n == 0)
        return NAN;
    double po = (double)(a->tp + a->tn) / n;
    double pe = ((double)(a->tp + a->fp) / n) * ((double)(a->tp + a->fn) / n) +
                ((double)(a->fn + a->tn) / n) * ((double)(a->fp + a->tn) / n);
    if (pe >= 1.0)
        return po == 1.0 ? 1.0 : NAN;
    return (po - pe) / (1 - pe);
}
