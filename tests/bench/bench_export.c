/* bench_export.c - score-sheet figures (issue 6), in-process, in a temporary folder removed at
 * the end ($TMPDIR, else /tmp): (1) recording - a records database of 30 trainees in 2 班组,
 * 3 practice sessions each over the seed scenarios, replies from the scenarios' reply scripts
 * (scenarios/replies/<id>/<ending>.txt with >= 5 replies, rotated over trainees; each must
 * reach its ending), every reply graded by the real scorer and committed with
 * cp_records_turn: time per commit, file size, bytes per turn and what they are made of (SQL
 * on the file), and how a turn's stored state grows along a long session; (2) exporting - medians of 5 runs of cp_export_build (a
 * group, both groups, one session), each renderer on a group document with its size,
 * cp_sign_embed per format and cp_sign_verify of each signed file; (3) peak RSS.
 * Any failure prints what failed and exits 1. Run from the repository root
 * (`make bench-export`). Figures only: nothing here is a pass/fail threshold. */
#include <dirent.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cp_export.h"
#include "cp_records.h"
#include "cp_session.h"
#include "cp_sign.h"

enum { RUNS = 5, TRAINEES = 30, MIN_LINES = 5, MAX_FILES = 16 };

static const char *const SCENARIOS[] = { "missing_materials", "contribution_base",
                                         "firm_arrears" };
#define NSCEN (sizeof SCENARIOS / sizeof *SCENARIOS)
static const char *const GROUPS[] = { "一班", "二班" };

static char tmpdir[256];

/* ---- Failing and cleaning up ---- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void cleanup(void)
{
    if (tmpdir[0] && nftw(tmpdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS) != 0)
        fprintf(stderr, "bench_export: could not remove %s\n", tmpdir);
    tmpdir[0] = '\0';
}

/* Prints "bench_export: FAILED <what>: <err>" and exits 1 (after removing the folder). */
static _Noreturn void die(const cp_error *err, const char *fmt, ...) CP_PRINTF(2, 3);
static _Noreturn void die(const cp_error *err, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    fputs("bench_export: FAILED ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (err)
        fprintf(stderr, ": %s", cp_error_format(err, buf, sizeof buf));
    fputc('\n', stderr);
    cleanup();
    exit(1);
}

/* ---- Statistics ---- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts v and returns its q-quantile (0.5 = median) in milliseconds. */
static double quant_ms(uint64_t *v, size_t n, double q)
{
    qsort(v, n, sizeof *v, cmp_u64);
    if (q == 0.5 && n % 2 == 0)
        return (v[n / 2 - 1] + v[n / 2]) / 2.0 / 1e6;
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return (double)v[i] / 1e6;
}

static double median_ms(uint64_t *v, size_t n) { return quant_ms(v, n, 0.5); }

/* ---- Reply scripts ---- */

/* One scripted session: the replies of scenarios/replies/<scenario>/<name>.txt, read as
 * `counterpart run --replies` reads them: "#N" picks choice N, blank and "--" lines are
 * skipped, anything else is typed text. The file's name is the ending it reaches. */
typedef struct script {
    char name[64];
    cp_strlist lines;
} script;

/* Blank and "--" lines carry no reply. */
static bool skip_line(const char *line)
{
    line += strspn(line, " \t");
    return *line == '\0' || strncmp(line, "--", 2) == 0;
}

static int cmp_script(const void *a, const void *b)
{
    return strcmp(((const script *)a)->name, ((const script *)b)->name);
}

/* Loads the reply files of scenario with at least MIN_LINES replies (full-length sessions);
 * returns how many (at least one, else dies). */
static size_t load_scripts(const char *scenario, script *out)
{
    char dir[256];
    snprintf(dir, sizeof dir, "scenarios/replies/%s", scenario);
    DIR *d = opendir(dir);
    if (!d)
        die(NULL, "opening %s (run from the repository root)", dir);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAX_FILES) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0 || len - 4 >= sizeof out[n].name)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        cp_error err = { 0 };
        size_t size;
        char *text = cp_read_file(path, 1 << 20, &size, &err);
        if (!text)
            die(&err, "reading replies");
        script s = { 0 };
        memcpy(s.name, e->d_name, len - 4);
        for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n"))
            if (!skip_line(line))
                cp_strlist_push(&s.lines, line);
        free(text);
        if (s.lines.n >= MIN_LINES)
            out[n++] = s;
        else
            cp_strlist_free(&s.lines);
    }
    closedir(d);
    if (!n)
        die(NULL, "%s has no reply file of %d or more lines", dir, MIN_LINES);
    qsort(out, n, sizeof *out, cmp_script);
    return n;
}

/* "#N" as choice N, else 0 (typed text). */
static int choice_of(const char *line)
{
    if (line[0] != '#' || !line[1])
        return 0;
    char *end;
    long n = strtol(line + 1, &end, 10);
    end += strspn(end, " \t");
    return (*end == '\0' && n > 0 && n < 1000) ? (int)n : 0;
}

/* ---- Part 1: recording ---- */

typedef struct rec_figs {
    uint64_t *grade, *commit;   /* per turn: cp_session_reply, cp_records_turn */
    size_t turns, sessions;
    int64_t first_session;
} rec_figs;

static void record_all(const char *db_path, const cp_scorer *scorer, rec_figs *f)
{
    cp_error err = { 0 };
    cp_scenario *sc[NSCEN];
    script scripts[NSCEN][MAX_FILES];
    size_t nscripts[NSCEN], max_turns = 0;
    for (size_t k = 0; k < NSCEN; k++) {
        char path[256];
        snprintf(path, sizeof path, "scenarios/%s.lua", SCENARIOS[k]);
        if (!(sc[k] = cp_scenario_load(path, &err)))
            die(&err, "loading %s", path);
        nscripts[k] = load_scripts(SCENARIOS[k], scripts[k]);
        size_t longest = 0;
        for (size_t i = 0; i < nscripts[k]; i++)
            if (scripts[k][i].lines.n > longest)
                longest = scripts[k][i].lines.n;
        max_turns += longest;
    }
    f->grade = cp_xcalloc(TRAINEES * max_turns, sizeof *f->grade);
    f->commit = cp_xcalloc(TRAINEES * max_turns, sizeof *f->commit);

    cp_records *db = cp_records_open(db_path, 0, &err);
    if (!db)
        die(&err, "opening the records database");
    for (int t = 0; t < TRAINEES; t++) {
        char name[64], staff[32];
        snprintf(name, sizeof name, "学员%02d", t + 1);
        snprintf(staff, sizeof staff, "G%04d", t + 1);
        int64_t tid;
        if (cp_records_trainee_add(db, name, staff, GROUPS[t % 2], &tid, &err) != 0)
            die(&err, "adding trainee %s", staff);
        for (size_t k = 0; k < NSCEN; k++) {
            const script *sp = &scripts[k][((size_t)t + k) % nscripts[k]];
            cp_session *s = cp_session_new(sc[k], scorer, &err);
            if (!s)
                die(&err, "starting %s", SCENARIOS[k]);
            int64_t sid;
            if (cp_records_session_start(db, tid, s, CP_MODE_PRACTICE, 0, &sid, &err) != 0)
                die(&err, "recording the start of %s", SCENARIOS[k]);
            if (!f->first_session)
                f->first_session = sid;
            for (size_t i = 0; i < sp->lines.n && !cp_session_ended(s); i++) {
                uint64_t t0 = cp_now_ns();
                int choice = choice_of(sp->lines.v[i]);
                if (cp_session_reply(s, choice ? NULL : sp->lines.v[i], choice, &err) != 0)
                    die(&err, "%s/%s reply %zu", SCENARIOS[k], sp->name, i + 1);
                uint64_t t1 = cp_now_ns();
                if (cp_records_turn(db, sid, s, NULL, &err) != 0)
                    die(&err, "recording %s/%s reply %zu", SCENARIOS[k], sp->name, i + 1);
                f->commit[f->turns] = cp_now_ns() - t1;
                f->grade[f->turns++] = t1 - t0;
            }
            if (!cp_session_ended(s) || strcmp(cp_session_node(s)->id, sp->name) != 0)
                die(NULL, "scenarios/replies/%s/%s.txt ends at '%s' after %zu replies",
                    SCENARIOS[k], sp->name,
                    cp_session_ended(s) ? cp_session_node(s)->id : "(no ending)",
                    cp_session_nturns(s));
            f->sessions++;
            cp_session_free(s);
        }
    }
    cp_records_close(db);
    for (size_t k = 0; k < NSCEN; k++) {
        cp_scenario_free(sc[k]);
        for (size_t i = 0; i < nscripts[k]; i++)
            cp_strlist_free(&scripts[k][i].lines);
    }
}

/* ---- SQL on the finished file (read-only, the handle closed so the WAL is checkpointed) ---- */

static sqlite3_stmt *sql(sqlite3 *q, const char *text)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q, text, -1, &st, NULL) != SQLITE_OK)
        die(NULL, "SQL '%s': %s", text, sqlite3_errmsg(q));
    return st;
}

static int64_t sql_int(sqlite3 *q, const char *text)
{
    sqlite3_stmt *st = sql(q, text);
    if (sqlite3_step(st) != SQLITE_ROW)
        die(NULL, "SQL '%s': %s", text, sqlite3_errmsg(q));
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void storage_figures(const char *db_path, const rec_figs *f)
{
    struct stat stb;
    if (stat(db_path, &stb) != 0)
        die(NULL, "stat %s", db_path);
    char wal[320];
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    struct stat stw;
    long long wal_size = stat(wal, &stw) == 0 ? (long long)stw.st_size : 0;

    sqlite3 *q = NULL;
    if (sqlite3_open_v2(db_path, &q, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(NULL, "opening %s read-only: %s", db_path, q ? sqlite3_errmsg(q) : "no memory");
    int64_t rows = sql_int(q, "SELECT count(*) FROM turns");
    if (rows != (int64_t)f->turns)
        die(NULL, "%zu replies recorded but %lld turn rows in the file", f->turns,
            (long long)rows);
    int64_t st_sum = sql_int(q, "SELECT sum(length(state_json)) FROM turns");
    int64_t cr_sum = sql_int(q, "SELECT sum(length(criteria_json)) FROM turns");
    int64_t tx_sum = sql_int(q, "SELECT sum(length(reply) + length(citizen)) FROM turns");
    int64_t ss_sum = sql_int(q, "SELECT sum(length(state_json)) FROM sessions");
    int64_t res_rows = sql_int(q, "SELECT count(*) FROM turn_results");
    double n = (double)f->turns;

    printf("storage\n");
    printf("  records file                %10lld B  (%.1f KiB; -wal after close: %lld B)\n",
           (long long)stb.st_size, stb.st_size / 1024.0, wal_size);
    printf("  file bytes per turn         %10.0f B  (page %lld B, %lld free pages)\n",
           stb.st_size / n, (long long)sql_int(q, "PRAGMA page_size"),
           (long long)sql_int(q, "PRAGMA freelist_count"));
    printf("    turns.state_json          %10.0f B/turn  (snapshot without history)\n",
           st_sum / n);
    printf("    turns.criteria_json       %10.0f B/turn\n", cr_sum / n);
    printf("    turns.reply+citizen text  %10.0f B/turn\n", tx_sum / n);
    printf("    turn_results rows         %10.1f rows/turn\n", res_rows / n);
    printf("    sessions.state_json       %10.0f B/session (whole session, rewritten per turn)\n",
           ss_sum / (double)f->sessions);

    /* Space per table/index from the dbstat table, when this SQLite has it. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name"
                              " ORDER BY 2 DESC LIMIT 5", -1, &st, NULL) == SQLITE_OK) {
        printf("  pages by table/index (dbstat), B/turn:\n   ");
        while (sqlite3_step(st) == SQLITE_ROW)
            printf(" %s %.0f", (const char *)sqlite3_column_text(st, 0),
                   sqlite3_column_int64(st, 1) / n);
        printf("\n");
    } else {
        printf("  pages by table: dbstat not available in this SQLite\n");
    }
    sqlite3_finalize(st);

    /* Growth along the longest session: bytes of each turn's row parts by turn number. */
    int64_t longest = sql_int(q, "SELECT session_id FROM turns GROUP BY session_id"
                                 " ORDER BY max(seq) DESC, session_id LIMIT 1");
    st = sql(q, "SELECT t.seq, length(t.state_json), length(t.criteria_json), s.scenario"
                " FROM turns t JOIN sessions s ON s.id = t.session_id"
                " WHERE t.session_id = ? ORDER BY t.seq, t.attempt");
    sqlite3_bind_int64(st, 1, longest);
    char line_st[512] = "", line_cr[512] = "", scen[128] = "";
    int first = 0, last = 0, turns = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int len = sqlite3_column_int(st, 1);
        size_t a = strlen(line_st), b = strlen(line_cr);
        snprintf(line_st + a, sizeof line_st - a, " %d", len);
        snprintf(line_cr + b, sizeof line_cr - b, " %d", sqlite3_column_int(st, 2));
        snprintf(scen, sizeof scen, "%s", (const char *)sqlite3_column_text(st, 3));
        if (!turns++)
            first = len;
        last = len;
    }
    sqlite3_finalize(st);
    int64_t full = 0;
    st = sql(q, "SELECT length(state_json) FROM sessions WHERE id = ?");
    sqlite3_bind_int64(st, 1, longest);
    if (sqlite3_step(st) == SQLITE_ROW)
        full = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    printf("  longest session (#%lld, %s, %d turns), bytes by turn 1..%d:\n", (long long)longest,
           scen, turns, turns);
    printf("    turns.state_json    %s  (last/first %.2f)\n", line_st,
           first ? (double)last / first : 0.0);
    printf("    turns.criteria_json %s\n", line_cr);
    printf("    sessions.state_json  %lld at the end (%.0f B/turn)\n", (long long)full,
           turns ? (double)full / turns : 0.0);
    sqlite3_close(q);
}

/* ---- Part 2: exporting ---- */

typedef struct fmt_row {
    const char *label;
    cp_sign_format fmt;
    cp_bytes out;     /* last rendered (unsigned) output */
    cp_bytes signd;   /* last signed output */
    double render_ms, sign_ms, verify_ms;
} fmt_row;

/* Renderer i of the table in export_figures. */
static int render(size_t i, const cJSON *doc, cp_bytes *out, cp_error *err)
{
    switch (i) {
    case 0: return cp_export_json(doc, out, err);
    case 1: return cp_export_csv(doc, CP_CSV_CRITERIA, out, err);
    case 2: return cp_export_csv(doc, CP_CSV_SESSIONS, out, err);
    case 3: return cp_export_xapi(doc, out, err);
    case 4: return cp_export_xlsx(doc, out, err);
    default: return cp_export_pdf(doc, NULL, out, err);
    }
}

static cJSON *build(cp_records *db, const cp_scorer *scorer, cp_export_kind kind,
                    const char *key)
{
    cp_export_sel sel = { .kind = kind, .key = key, .assessor = "王老师",
                          .scenarios_dir = "scenarios" };
    cp_error err = { 0 };
    cJSON *doc = cp_export_build(db, scorer, &sel, &err);
    if (!doc)
        die(&err, "cp_export_build %s", key);
    return doc;
}

static size_t doc_count(const cJSON *doc, const char *member)
{
    return (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, member));
}

static void export_figures(const char *db_path, const char *key_path, const cp_scorer *scorer,
                           int64_t session)
{
    cp_error err = { 0 };
    cp_records *db = cp_records_open(db_path, 0, &err);
    if (!db)
        die(&err, "reopening the records database");
    char sid[32];
    snprintf(sid, sizeof sid, "%lld", (long long)session);

    uint64_t g1[RUNS], both[RUNS], one[RUNS];
    cJSON *doc = NULL;
    for (int r = 0; r < RUNS; r++) {
        uint64_t t0 = cp_now_ns();
        cJSON *a = build(db, scorer, CP_SEL_GROUP, GROUPS[0]);
        uint64_t t1 = cp_now_ns();
        cJSON *b = build(db, scorer, CP_SEL_GROUP, GROUPS[1]);
        uint64_t t2 = cp_now_ns();
        cJSON *s = build(db, scorer, CP_SEL_SESSION, sid);
        uint64_t t3 = cp_now_ns();
        g1[r] = t1 - t0;
        both[r] = t2 - t0;
        one[r] = t3 - t2;
        if (cp_export_validate(a, &err) != 0 || cp_export_validate(b, &err) != 0 ||
            cp_export_validate(s, &err) != 0)
            die(&err, "cp_export_validate");
        cJSON_Delete(b);
        cJSON_Delete(s);
        cJSON_Delete(doc);
        doc = a;
    }
    const cJSON *tr = cJSON_GetObjectItemCaseSensitive(doc, "trainees");
    size_t nsess = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, tr)
        nsess += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "sessions"));
    printf("export (medians of %d runs)\n", RUNS);
    printf("  cp_export_build 班组 %s (%zu trainees, %zu sessions) %9.2f ms\n", GROUPS[0],
           doc_count(doc, "trainees"), nsess, median_ms(g1, RUNS));
    printf("  cp_export_build both 班组 (all %d trainees)   %9.2f ms\n", TRAINEES,
           median_ms(both, RUNS));
    printf("  cp_export_build one session (#%s)            %9.2f ms\n", sid,
           median_ms(one, RUNS));

    cp_signer *signer = cp_signer_open(key_path, &err);
    if (!signer)
        die(&err, "cp_signer_open");
    fmt_row rows[] = {
        { .label = "json", .fmt = CP_FMT_JSON },
        { .label = "csv trainee x criterion", .fmt = CP_FMT_CSV },
        { .label = "csv sessions", .fmt = CP_FMT_CSV },
        { .label = "xapi", .fmt = CP_FMT_XAPI },
        { .label = "xlsx", .fmt = CP_FMT_XLSX },
        { .label = "pdf", .fmt = CP_FMT_PDF },
    };
    size_t nrows = sizeof rows / sizeof *rows;
    for (size_t i = 0; i < nrows; i++) {
        fmt_row *r = &rows[i];
        uint64_t tr_[RUNS], ts[RUNS], tv[RUNS];
        for (int k = 0; k < RUNS; k++) {
            cp_bytes b = { 0 };
            uint64_t t0 = cp_now_ns();
            if (render(i, doc, &b, &err) != 0)
                die(&err, "rendering %s", r->label);
            tr_[k] = cp_now_ns() - t0;
            cp_bytes_free(&r->out);
            r->out = b;
        }
        for (int k = 0; k < RUNS; k++) {
            cp_bytes b = { 0 };
            cp_bytes_add(&b, r->out.data, r->out.len);
            uint64_t t0 = cp_now_ns();
            if (cp_sign_embed(signer, r->fmt, &b, &err) != 0)
                die(&err, "signing %s", r->label);
            ts[k] = cp_now_ns() - t0;
            cp_bytes_free(&r->signd);
            r->signd = b;
        }
        for (int k = 0; k < RUNS; k++) {
            cp_verify_report rep;
            uint64_t t0 = cp_now_ns();
            if (cp_sign_verify(r->signd.data, r->signd.len, r->fmt, cp_signer_public(signer),
                               &rep, &err) != 0)
                die(&err, "verifying %s", r->label);
            tv[k] = cp_now_ns() - t0;
            if (rep.status != CP_VERIFY_VALID)
                die(NULL, "verifying signed %s: status %d, %s", r->label, (int)rep.status,
                    rep.what);
        }
        r->render_ms = median_ms(tr_, RUNS);
        r->sign_ms = median_ms(ts, RUNS);
        r->verify_ms = median_ms(tv, RUNS);
    }
    printf("  renderers on the 班组 %s document; sign = cp_sign_embed, verify = cp_sign_verify\n",
           GROUPS[0]);
    printf("  %-24s %9s %11s %9s %11s %9s\n", "format", "render ms", "bytes", "sign ms",
           "signed +B", "verify ms");
    for (size_t i = 0; i < nrows; i++) {
        fmt_row *r = &rows[i];
        printf("  %-24s %9.2f %11zu %9.2f %11zu %9.2f\n", r->label, r->render_ms, r->out.len,
               r->sign_ms, r->signd.len - r->out.len, r->verify_ms);
        cp_bytes_free(&r->out);
        cp_bytes_free(&r->signd);
    }
    cp_signer_free(signer);
    cJSON_Delete(doc);
    cp_records_close(db);
}

int main(void)
{
    uint64_t start = cp_now_ns();
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cp_bench_export_XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        tmpdir[0] = '\0';
        die(NULL, "making a temporary folder");
    }
    char db_path[300], key_path[300];
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    snprintf(key_path, sizeof key_path, "%s/signing.key", tmpdir);

    cp_error err = { 0 };
    cp_scorer *scorer = cp_scorer_load("scenarios/rubrics", &err);
    if (!scorer)
        die(&err, "loading scenarios/rubrics");

    rec_figs f = { 0 };
    uint64_t r0 = cp_now_ns();
    record_all(db_path, scorer, &f);
    double rec_s = (cp_now_ns() - r0) / 1e9;
    printf("recording: %d trainees in %zu 班组, %zu sessions, %zu turns (%.1f turns/session), "
           "%.1f s\n", TRAINEES, sizeof GROUPS / sizeof *GROUPS, f.sessions, f.turns,
           (double)f.turns / f.sessions, rec_s);
    double g50 = median_ms(f.grade, f.turns);
    double c90 = quant_ms(f.commit, f.turns, 0.9), cmax = quant_ms(f.commit, f.turns, 1.0);
    double c50 = median_ms(f.commit, f.turns);
    printf("  cp_records_turn (commit, synchronous=FULL)  median %.2f ms  p90 %.2f  max %.2f\n",
           c50, c90, cmax);
    printf("  cp_session_reply (grading, for comparison)  median %.2f ms\n", g50);
    free(f.grade);
    free(f.commit);

    storage_figures(db_path, &f);
    export_figures(db_path, key_path, scorer, f.first_session);
    cp_scorer_free(scorer);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS %.1f MiB; total %.1f s\n", ru.ru_maxrss / 1024.0, (cp_now_ns() - start) / 1e9);
    cleanup();
    return 0;
}
