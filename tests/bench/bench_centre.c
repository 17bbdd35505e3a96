/* bench_centre.c - a centre's year of records and its score sheets (issue 17), run by
 * `make bench-export` after bench_export: (1) recording - BIG trainees in one 班组 (default
 * 2,000) and SMALL in another (default 200), SESSIONS practice sessions each (default 5) over
 * the seed scenarios, replies from the scenarios' reply scripts graded by the real scorer and
 * committed one by one (cp_records_turn, synchronous=FULL): sessions per second over the first
 * and the last thousand sessions, wall and CPU (this process's user + system time, which a
 * shared machine's other load and the disk's fsync waits disturb far less), database bytes per
 * session; (2) exporting - the
 * `counterpart` binary given as argv[1] exports each 班组 in each format as a child process:
 * wall time, peak memory (the child's maxrss), file size and bytes per session, beside the
 * targets (<= 15 s and <= 256 MiB a format, JSON <= 20 KB a session). The two 班组 show whether
 * memory stays flat with class size. Uses only records calls that every schema version has,
 * so the same source measures an older build (the "before" figures).
 * Env: CP_BENCH_BIG, CP_BENCH_SMALL, CP_BENCH_SESSIONS; CP_BENCH_RECORD_ONLY (no export);
 * CP_BENCH_KEEP (keep the work folder, e.g. for dbstat); TMPDIR for the work folder (removed at
 * the end). Figures only: nothing here is a pass/fail threshold. */
#include <dirent.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cp_records.h"
#include "cp_session.h"

static const char *const SCENARIOS[] = { "missing_materials", "contribution_base", "firm_arrears",
                                         "card_balance", "medical_filing" };
#define NSCEN (sizeof SCENARIOS / sizeof *SCENARIOS)
enum { MAX_FILES = 16 };

static char tmpdir[256];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void cleanup(void)
{
    if (tmpdir[0] && getenv("CP_BENCH_KEEP") == NULL)
        nftw(tmpdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
    tmpdir[0] = '\0';
}

static _Noreturn void die(const cp_error *err, const char *fmt, ...) CP_PRINTF(2, 3);
static _Noreturn void die(const cp_error *err, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    fputs("bench_centre: FAILED ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (err)
        fprintf(stderr, ": %s", cp_error_format(err, buf, sizeof buf));
    fputc('\n', stderr);
    cleanup();
    exit(1);
}

static int env_int(const char *name, int def)
{
    const char *v = getenv(name);
    return v && *v ? atoi(v) : def;
}

/* The reply lines of every script of scenario (blank and "--" lines skipped). */
static size_t load_scripts(const char *scenario, cp_strlist *out)
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
        if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        cp_error err = { 0 };
        size_t size;
        char *text = cp_read_file(path, 1 << 20, &size, &err);
        if (!text)
            die(&err, "reading replies");
        cp_strlist s = { 0 };
        for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
            const char *l = line + strspn(line, " \t");
            if (*l && strncmp(l, "--", 2) != 0)
                cp_strlist_push(&s, line);
        }
        free(text);
        if (s.n >= 3)
            out[n++] = s;
        else
            cp_strlist_free(&s);
    }
    closedir(d);
    if (!n)
        die(NULL, "%s has no reply file", dir);
    return n;
}

static int choice_of(const char *line)
{
    if (line[0] != '#' || !line[1])
        return 0;
    char *end;
    long n = strtol(line + 1, &end, 10);
    return (*end == '\0' && n > 0 && n < 1000) ? (int)n : 0;
}

/* ---- Recording ---- */

/* This process's CPU time so far (user + system), in ns. */
static uint64_t cpu_ns(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
           (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u;
}

static void record(const char *db_path, int big, int small, int per, double *first_rate,
                   double *last_rate, double *first_cpu, double *last_cpu, size_t *nsessions,
                   size_t *nturns)
{
    cp_error err = { 0 };
    cp_scorer *scorer = cp_scorer_load("scenarios/rubrics", &err);
    if (!scorer)
        die(&err, "loading scenarios/rubrics");
    cp_scenario *sc[NSCEN];
    cp_strlist scripts[NSCEN][MAX_FILES];
    size_t nscripts[NSCEN];
    for (size_t k = 0; k < NSCEN; k++) {
        char path[256];
        snprintf(path, sizeof path, "scenarios/%s.lua", SCENARIOS[k]);
        if (!(sc[k] = cp_scenario_load(path, &err)))
            die(&err, "loading %s", path);
        nscripts[k] = load_scripts(SCENARIOS[k], scripts[k]);
    }
    cp_records *db = cp_records_open(db_path, 0, &err);
    if (!db)
        die(&err, "opening the records database");
    int total = big + small;
    size_t all = (size_t)total * (size_t)per, done = 0;
    uint64_t *at = cp_xcalloc(all + 1, sizeof *at);   /* time when session i was recorded */
    uint64_t *cpu = cp_xcalloc(all + 1, sizeof *cpu);  /* CPU time used by then */
    uint64_t t0 = cp_now_ns();
    at[0] = t0;
    cpu[0] = cpu_ns();
    for (int t = 0; t < total; t++) {
        char name[64], staff[32];
        snprintf(name, sizeof name, "学员%05d", t + 1);
        snprintf(staff, sizeof staff, "%06d", t + 1);
        int64_t tid;
        if (cp_records_trainee_add(db, name, staff, t < big ? "全员" : "小班", &tid, &err) != 0)
            die(&err, "adding trainee %s", staff);
        for (int k = 0; k < per; k++) {
            size_t si = ((size_t)t + (size_t)k) % NSCEN;
            const cp_strlist *sp = &scripts[si][((size_t)t / NSCEN + (size_t)k) % nscripts[si]];
            cp_session *s = cp_session_new(sc[si], scorer, &err);
            int64_t sid;
            if (!s || cp_records_session_start(db, tid, s, CP_MODE_PRACTICE, 0, &sid, &err) != 0)
                die(&err, "starting a session");
            for (size_t i = 0; i < sp->n && !cp_session_ended(s); i++) {
                int choice = choice_of(sp->v[i]);
                if (cp_session_reply(s, choice ? NULL : sp->v[i], choice, &err) != 0)
                    continue;   /* a script line the runtime refuses: the next one */
                if (cp_records_turn(db, sid, s, NULL, &err) != 0)
                    die(&err, "recording a reply");
                (*nturns)++;
            }
            cp_session_free(s);
            at[++done] = cp_now_ns();
            cpu[done] = cpu_ns();
            if (done % 1000 == 0) {
                fprintf(stderr, "  ... %zu sessions recorded (%.0f s)\n", done,
                        (at[done] - t0) / 1e9);
            }
        }
    }
    cp_records_close(db);
    size_t w = all >= 2000 ? 1000 : all / 2;
    *first_rate = w / ((at[w] - at[0]) / 1e9);
    *last_rate = w / ((at[all] - at[all - w]) / 1e9);
    *first_cpu = w / ((cpu[w] - cpu[0]) / 1e9);
    *last_cpu = w / ((cpu[all] - cpu[all - w]) / 1e9);
    *nsessions = all;
    free(at);
    free(cpu);
    for (size_t k = 0; k < NSCEN; k++) {
        cp_scenario_free(sc[k]);
        for (size_t i = 0; i < nscripts[k]; i++)
            cp_strlist_free(&scripts[k][i]);
    }
    cp_scorer_free(scorer);
}

/* ---- Exporting, one child process per format ---- */

typedef struct run_fig {
    double secs, rss_mib;
    long long bytes;
    int status;
} run_fig;

static run_fig export_one(const char *bin, const char *db, const char *key, const char *group,
                          const char *fmt, const char *out)
{
    run_fig f = { 0 };
    uint64_t t0 = cp_now_ns();
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        die(NULL, "fork");
    if (pid == 0) {
        setenv("COUNTERPART_KEY", key, 1);
        if (!freopen("/dev/null", "w", stdout))
            _exit(127);
        execl(bin, bin, "export", "--group", group, "--format", fmt, "-o", out, "--db", db,
              (char *)NULL);
        _exit(127);
    }
    int st = 0;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) != pid)
        die(NULL, "wait4");
    f.secs = (cp_now_ns() - t0) / 1e9;
    f.rss_mib = ru.ru_maxrss / 1024.0;
    f.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    struct stat sb;
    f.bytes = stat(out, &sb) == 0 ? (long long)sb.st_size : -1;
    return f;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_centre COUNTERPART_BINARY (run from the repository root)\n");
        return 2;
    }
    char bin[4096];
    if (!realpath(argv[1], bin))
        die(NULL, "no binary %s", argv[1]);
    int big = env_int("CP_BENCH_BIG", 2000), small = env_int("CP_BENCH_SMALL", 200);
    int per = env_int("CP_BENCH_SESSIONS", 5);
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cp_bench_centre_XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        tmpdir[0] = '\0';
        die(NULL, "making a temporary folder");
    }
    char db[320], key[320];
    snprintf(db, sizeof db, "%s/records.db", tmpdir);
    snprintf(key, sizeof key, "%s/signing.key", tmpdir);

    printf("centre: %d + %d trainees x %d sessions, binary %s\n", big, small, per, bin);
    fflush(stdout);
    double r1 = 0, r2 = 0, c1 = 0, c2 = 0;
    size_t ns = 0, nt = 0;
    uint64_t t0 = cp_now_ns();
    record(db, big, small, per, &r1, &r2, &c1, &c2, &ns, &nt);
    double rec_s = (cp_now_ns() - t0) / 1e9;
    struct stat sb;
    long long dbsize = stat(db, &sb) == 0 ? (long long)sb.st_size : 0;
    char wal[340];
    snprintf(wal, sizeof wal, "%s-wal", db);
    long long walsize = stat(wal, &sb) == 0 ? (long long)sb.st_size : 0;
    printf("recording: %zu sessions, %zu replies in %.0f s\n", ns, nt, rec_s);
    size_t w = ns >= 2000 ? 1000 : ns / 2;
    printf("  sessions/s wall  first %zu %.1f   last %zu %.1f   (last/first %.2f)\n", w, r1, w, r2,
           r1 > 0 ? r2 / r1 : 0);
    printf("  sessions/s CPU   first %zu %.1f   last %zu %.1f   (last/first %.2f; CPU s per 1000"
           " sessions %.2f, %.2f)\n", w, c1, w, c2, c1 > 0 ? c2 / c1 : 0, c1 > 0 ? 1000 / c1 : 0,
           c2 > 0 ? 1000 / c2 : 0);
    printf("  database %lld B (+ wal %lld B): %.0f B per session, %.0f B per reply\n", dbsize,
           walsize, (double)dbsize / ns, (double)dbsize / nt);
    fflush(stdout);

    if (getenv("CP_BENCH_RECORD_ONLY")) {   /* the recording figures only */
        cleanup();
        return 0;
    }
    static const char *const FMTS[] = { "json", "csv", "csv-sessions", "xapi", "xlsx", "pdf" };
    static const char *const EXT[] = { "json", "csv", "sessions.csv", "xapi.json", "xlsx", "pdf" };
    const char *groups[] = { "小班", "全员" };
    int sizes[] = { small, big };
    fflush(stdout);
    printf("export (one process per format: wall time, peak memory; targets <= 15 s, <= 256 MiB,"
           " JSON <= 20 KB a session)\n");
    printf("  %-6s %-13s %9s %10s %13s %12s %s\n", "班组", "format", "seconds", "peak MiB",
           "bytes", "B/session", "");
    for (int g = 0; g < 2; g++) {
        for (size_t i = 0; i < sizeof FMTS / sizeof *FMTS; i++) {
            char out[400];
            snprintf(out, sizeof out, "%s/%s-%zu.%s", tmpdir, g ? "big" : "small", i, EXT[i]);
            run_fig f = export_one(bin, db, key, groups[g], FMTS[i], out);
            double per_s = (double)f.bytes / ((double)sizes[g] * per);
            bool over = f.secs > 15 || f.rss_mib > 256 || (i == 0 && per_s > 20480);
            printf("  %-6s %-13s %9.2f %10.1f %13lld %12.0f %s%s\n", groups[g], FMTS[i], f.secs,
                   f.rss_mib, f.bytes, per_s, f.status ? "FAILED (exit)" : "",
                   !f.status && over ? "over target" : "");
            fflush(stdout);
            unlink(out);
        }
    }
    cleanup();
    return 0;
}
