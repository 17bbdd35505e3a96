/* cmd_grade.c - `counterpart grade [--scenario ID] [--node ID] [--json] [--jsonl] [TEXT|-]`:
 * scores one reply, or a stream of them (one per stdin line, plain text or
 * {"text","scenario","node"}), against the rubrics. A bad line in --jsonl gets an error object
 * on its own output line and the batch goes on.
 * Must not: hold scoring logic (engine/scoring/scorer.c does). */
#include "cli.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cp_utf8.h"

static int usage(FILE *f, int rc)
{
    fprintf(f,
            "usage: counterpart grade [--scenario ID] [--node ID] [--json] TEXT\n"
            "       counterpart grade [--scenario ID] [--node ID] --jsonl < replies\n"
            "Scores a reply criterion by criterion: met or not, the words that earned or lost it,\n"
            "and what was missing. TEXT '-' reads the reply from stdin.\n"
            "--scenario ID  use the scenario's persona (age) and a node's notice/basis/identity/checks\n"
            "--node ID      the node (default: the scenario's start node); needs --scenario\n"
            "--json         print {\"criteria\": [...], \"score\": n, \"max\": m}\n"
            "--jsonl        read stdin, one reply per line: plain text or\n"
            "               {\"text\": ..., \"scenario\": ..., \"node\": ...}; write one JSON object per\n"
            "               line, in order; a bad line gets {\"error\": ..., \"line\": n}\n"
            "environment: COUNTERPART_RUBRICS (rubric folder, default scenarios/rubrics)\n"
            "exit: 0 graded, 1 bad scenario/node/rubrics or a reply that cannot be graded, 2 usage\n");
    return rc;
}

/* ---- Context from a scenario node ---- */

typedef struct scen_cache {
    char *id;
    cp_scenario *sc;
} scen_cache;

#define CACHE_MAX 16
static scen_cache g_cache[CACHE_MAX];
static size_t g_ncache;

static cp_scenario *scenario_get(const char *id, cp_error *err)
{
    for (size_t i = 0; i < g_ncache; i++)
        if (strcmp(g_cache[i].id, id) == 0)
            return g_cache[i].sc;
    char *path = cli_scenario_path(id);
    cp_scenario *sc = cp_scenario_load(path, err);
    free(path);
    if (!sc)
        return NULL;
    if (g_ncache == CACHE_MAX) {   /* simple eviction: drop the oldest */
        free(g_cache[0].id);
        cp_scenario_free(g_cache[0].sc);
        memmove(g_cache, g_cache + 1, (CACHE_MAX - 1) * sizeof *g_cache);
        g_ncache--;
    }
    g_cache[g_ncache].id = cp_xstrdup(id);
    g_cache[g_ncache].sc = sc;
    g_ncache++;
    return sc;
}

static void cache_free(void)
{
    for (size_t i = 0; i < g_ncache; i++) {
        free(g_cache[i].id);
        cp_scenario_free(g_cache[i].sc);
    }
    g_ncache = 0;
}

/* Fills ctx from scenario/node ids (either may be NULL). Returns 0 or -1 with err. */
int cli_grade_ctx(const char *scen, const char *node, cp_score_ctx *ctx, cp_error *err)
{
    memset(ctx, 0, sizeof *ctx);
    if (!scen) {
        if (node)
            return cp_error_set(err, "", 0, "--node needs --scenario");
        return 0;
    }
    cp_scenario *sc = scenario_get(scen, err);
    if (!sc)
        return -1;
    int idx = node ? cp_scenario_find(sc, node) : sc->start;
    if (idx < 0 || (size_t)idx >= sc->nnodes)
        return cp_error_set(err, sc->path, 0, "no node '%s' in scenario '%s'",
                            node ? node : "(start)", sc->id ? sc->id : scen);
    const cp_node *n = &sc->nodes[idx];
    if (n->is_ending)
        return cp_error_set(err, sc->path, n->line, "'%s' is an ending, not a reply node", n->id);
    ctx->scenario = sc->id;
    ctx->node = n->id;
    ctx->focus = &n->criteria;
    ctx->age = sc->persona.age;
    ctx->notice = n->notice;
    ctx->basis = n->basis.n ? &n->basis : NULL;
    ctx->identity_required = n->identity;
    ctx->checks = n->checks;
    ctx->nchecks = n->nchecks;
    return 0;
}

/* ---- Output ---- */

static void print_json(FILE *f, const cp_result *r, const char *text, size_t len)
{
    char *arr = cp_result_json(r, text, len);
    fprintf(f, "{\"criteria\":%s,\"score\":%g,\"max\":%g,\"model\":\"%s\",\"acts\":[", arr,
            r->score, r->max, r->model);
    for (unsigned i = 0, k = 0; i < CP_ACT_COUNT; i++)
        if (r->acts & (1u << i))
            fprintf(f, "%s\"%s\"", k++ ? "," : "", cp_act_name(i));
    fputs("]}\n", f);
    free(arr);
}

static void print_json_error(FILE *f, int line, const char *msg)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", msg);
    if (line > 0)
        cJSON_AddNumberToObject(o, "line", line);
    char *s = cJSON_PrintUnformatted(o);
    fprintf(f, "%s\n", s);
    cJSON_free(s);
    cJSON_Delete(o);
}

/* Prints code points [a, b) of clean UTF-8 text. */
static void put_span(FILE *f, const char *clean, size_t clen, uint32_t a, uint32_t b)
{
    size_t s = cp_utf8_offset(clean, clen, a), e = cp_utf8_offset(clean, clen, b);
    for (size_t i = s; i < e; i++)
        fputc((unsigned char)clean[i] < 0x20 ? ' ' : clean[i], f);
}

static void print_table(FILE *f, const cp_result *r, const char *text, size_t len)
{
    size_t clen;
    char *clean = cp_utf8_sanitize(text, len, &clen);
    for (size_t i = 0; i < r->n; i++) {
        const cp_crit_result *c = &r->crit[i];
        fprintf(f, "%s %-26s %-14s %g/%g", c->met ? "✓" : "✗", c->id, c->name, c->score, c->max);
        for (size_t k = 0; k < c->nev; k++) {
            fputs(k ? " " : "  ", f);
            fputs(c->ev[k].positive ? "+「" : "-「", f);
            put_span(f, clean, clen, c->ev[k].start, c->ev[k].end);
            fputs("」", f);
        }
        fputc('\n', f);
        if (c->note[0])
            fprintf(f, "    %s\n", c->note);
    }
    fprintf(f, "score %g / %g\n", r->score, r->max);
    free(clean);
}

/* ---- JSON lines ---- */

int cli_history(const cJSON *jh, cp_line *hist, cp_score_ctx *ctx, cp_error *err)
{
    if (!cJSON_IsArray(jh))
        return cp_error_set(err, "", 0, "\"history\" must be a list of {\"role\",\"text\"}");
    size_t n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, jh)
    {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(it, "role");
        if (!r)
            r = cJSON_GetObjectItemCaseSensitive(it, "who");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "text");
        if (!cJSON_IsString(r) || !cJSON_IsString(t))
            return cp_error_set(err, "", 0, "history item %zu needs string \"role\" and \"text\"",
                                n + 1);
        if (n == CLI_MAX_HIST)
            continue;   /* the oldest beyond the limit are dropped */
        hist[n].who = r->valuestring;
        hist[n].text = t->valuestring;
        n++;
    }
    ctx->history = hist;
    ctx->nhistory = n;
    return 0;
}

static int grade_jsonl(const cp_scorer *scorer, const char *scen, const char *node)
{
    cp_line hist[CLI_MAX_HIST];
    static char obuf[1 << 16];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    cp_result *res = cp_xmalloc(sizeof *res);
    cp_score_ctx base;
    cp_error err = { 0 };
    bool base_ok = cli_grade_ctx(scen, node, &base, &err) == 0;
    char basemsg[1200];
    cp_error_format(&err, basemsg, sizeof basemsg);
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        line[len] = '\0';
        const char *text = line;
        size_t tlen = len;
        cp_score_ctx ctx = base;
        cJSON *obj = NULL;
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        cp_error_clear(&err);
        bool ok = base_ok;
        if (!ok)
            cp_error_set(&err, "", 0, "%s", basemsg);
        if (ok && k < len && line[k] == '{') {
            obj = cJSON_ParseWithLength(line, len);
            const cJSON *jt = obj ? cJSON_GetObjectItemCaseSensitive(obj, "text") : NULL;
            const cJSON *js = obj ? cJSON_GetObjectItemCaseSensitive(obj, "scenario") : NULL;
            const cJSON *jn = obj ? cJSON_GetObjectItemCaseSensitive(obj, "node") : NULL;
            const cJSON *jc = obj ? cJSON_GetObjectItemCaseSensitive(obj, "citizen") : NULL;
            const cJSON *jh = obj ? cJSON_GetObjectItemCaseSensitive(obj, "history") : NULL;
            if (!obj) {
                ok = false;
                cp_error_set(&err, "", 0, "not valid JSON");
            } else if (!cJSON_IsString(jt)) {
                ok = false;
                cp_error_set(&err, "", 0, "the object needs a string \"text\"");
            } else if ((js && !cJSON_IsString(js) && !cJSON_IsNull(js)) ||
                       (jn && !cJSON_IsString(jn) && !cJSON_IsNull(jn))) {
                ok = false;
                cp_error_set(&err, "", 0, "\"scenario\" and \"node\" must be strings");
            } else {
                text = jt->valuestring;
                tlen = strlen(text);
                const char *s = cJSON_IsString(js) ? js->valuestring : scen;
                const char *nd = cJSON_IsString(jn) ? jn->valuestring : (cJSON_IsString(js) ? NULL : node);
                if ((s != scen || nd != node) && cli_grade_ctx(s, nd, &ctx, &err) != 0)
                    ok = false;
                if (ok && jc && !cJSON_IsNull(jc)) {
                    if (!cJSON_IsString(jc)) {
                        ok = false;
                        cp_error_set(&err, "", 0, "\"citizen\" must be a string");
                    } else {
                        ctx.citizen = jc->valuestring;
                    }
                }
                if (ok && jh && !cJSON_IsNull(jh) && cli_history(jh, hist, &ctx, &err) != 0)
                    ok = false;
            }
        }
        if (ok && cp_scorer_grade(scorer, &ctx, text, tlen, res, &err) != 0)
            ok = false;
        if (ok) {
            print_json(stdout, res, text, tlen);
        } else {
            char buf[2048];
            print_json_error(stdout, lineno, cp_error_format(&err, buf, sizeof buf));
        }
        cJSON_Delete(obj);
    }
    fflush(stdout);
    free(res);
    free(line);
    return 0;
}

/* Reads all of stdin (at most 16 MiB). */
static char *read_stdin(size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = cp_xmalloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, stdin)) > 0) {
        n += r;
        if (n + 1 >= cap) {
            if (cap >= (16u << 20))
                break;
            cap *= 2;
            buf = cp_xrealloc(buf, cap);
        }
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    buf[n] = '\0';
    *len = n;
    return buf;
}

int cmd_grade(int argc, char **argv)
{
    const char *scen = NULL, *node = NULL, *text = NULL;
    bool json = false, jsonl = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--json", NULL))
            json = true;
        else if (cli_is(argv[i], "--jsonl", NULL))
            jsonl = true;
        else if (cli_is(argv[i], "--scenario", "-s") && i + 1 < argc)
            scen = argv[++i];
        else if (cli_is(argv[i], "--node", "-n") && i + 1 < argc)
            node = argv[++i];
        else if (strcmp(argv[i], "--") == 0 && i + 1 < argc && !text)
            text = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "counterpart grade: unknown option '%s'\n", argv[i]);
            return usage(stderr, EXIT_USAGE);
        } else if (!text)
            text = argv[i];
        else
            return usage(stderr, EXIT_USAGE);
    }
    if (node && !scen) {
        fprintf(stderr, "counterpart grade: --node needs --scenario\n");
        return usage(stderr, EXIT_USAGE);
    }
    if (jsonl ? text != NULL : text == NULL)
        return usage(stderr, EXIT_USAGE);
    cp_scorer *scorer = cli_load_scorer();
    if (!scorer)
        return EXIT_PROBLEM;
    int rc = 0;
    if (jsonl) {
        rc = grade_jsonl(scorer, scen, node);
    } else {
        cp_error err = { 0 };
        cp_score_ctx ctx;
        char *owned = NULL;
        size_t len;
        if (strcmp(text, "-") == 0) {
            owned = read_stdin(&len);
            text = owned;
        } else {
            len = strlen(text);
        }
        cp_result *res = cp_xmalloc(sizeof *res);
        if (cli_grade_ctx(scen, node, &ctx, &err) != 0 ||
            cp_scorer_grade(scorer, &ctx, text, len, res, &err) != 0) {
            cli_print_error(&err);
            rc = EXIT_PROBLEM;
        } else if (json) {
            print_json(stdout, res, text, len);
        } else {
            print_table(stdout, res, text, len);
        }
        free(res);
        free(owned);
    }
    cache_free();
    cp_scorer_free(scorer);
    return rc;
}
