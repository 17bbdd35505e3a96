/* bench_seats.c - a centre's room at once (issue 15): SEATS processes, each a seat with its own
 * connection to the records at URI (a PostgreSQL database, or an SQLite file), start together
 * and each records TURNS replies of one session (delivery_rider, its reply script; every reply
 * graded by the real scorer), timing every cp_records_turn commit. A seat whose commit fails
 * because the server went away waits 200 ms and commits again (the turn key makes that safe),
 * as `practice` does. With KILL=P, P% of the seats are killed (SIGKILL) after their 4th reply
 * and a new process resumes each (cp_records_resume) and records the rest. Then it checks that
 * every seat's session holds turns 1..TURNS exactly once, and prints p50/p99/max commit latency
 * and commits per second. Run by `make bench-centre`; figures only, but any lost or doubled
 * reply is reported and exits 1.
 * A seat opens with cp_records_open_wait (a server away at opening is waited for, as `practice`
 * does) and waits out a lost server while it finds its trainee and starts or resumes its
 * session. The clock starts when every seat has opened and found its trainee (the time that took
 * is printed apart: connecting is not committing). BENCH_AT_OPEN and BENCH_AT_GO, when set, are
 * shell commands started when half of the seats have opened (the rest still opening) and when
 * the clock starts (make bench-centre's server restarts).
 * BENCH_SEAT_LOGINS=1 (PostgreSQL): the database is made a centre (cp_records_centre_init) and
 * each seat logs in as a seat of its own trainee (login bench_seat_NNNN, password
 * "bench-seat-pw", which the caller's libpq password file must hold), so every statement runs
 * under the seat's row-level security, as on a centre's PCs; otherwise seats use URI's login.
 * usage: bench_seats URI SEATS TURNS [KILL_PERCENT] */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cp_records.h"
#include "cp_session.h"

#define SCENARIO "scenarios/delivery_rider.lua"
#define REPLIES "scenarios/replies/delivery_rider/satisfied.txt"

static char *lines[64];
static size_t nlines;
static cp_scenario *sc;
static cp_scorer *scorer;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void die(const char *what, const cp_error *err)
{
    char buf[2048];
    fprintf(stderr, "bench_seats: %s: %s\n", what, err ? cp_error_format(err, buf, sizeof buf) : "");
    exit(1);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* After a failed call: true (having waited 200 ms) when the server went away, up to a minute. */
static bool lost_again(const cp_error *err, int *k)
{
    if (!strstr(err->msg, "lost the connection") || ++*k > 300)
        return false;
    struct timespec ts = { 0, 200000000L };
    nanosleep(&ts, NULL);
    return true;
}

/* Commits the session's last reply, again while the server is away (up to a minute). */
static double commit(cp_records *db, int64_t sid, cp_session *s, int *retries)
{
    cp_error err = { 0 };
    double t0 = now_ms();
    for (int k = 0; cp_records_turn(db, sid, s, NULL, &err) != 0; k++) {
        if (!strstr(err.msg, "lost the connection") || k >= 300)
            die("recording a reply", &err);
        (*retries)++;
        struct timespec ts = { 0, 200000000L };
        nanosleep(&ts, NULL);
    }
    return now_ms() - t0;
}

/* One seat: records replies [from, to) of its session (a new one when *sid is 0; else resumed).
 * Latencies go to out (one "ms\n" line each), retries as "r N". */
static bool seat_logins;

static void seat(const char *uri, int idx, int from, int to, int64_t sid, int ready_fd, int go_fd,
                 FILE *out)
{
    cp_error err = { 0 };
    cp_records_wait w = { .total_ms = 60000 };
    char own[1024];
    if (seat_logins) {   /* libpq: a later keyword of the URI overrides an earlier one */
        snprintf(own, sizeof own, "%s%suser=bench_seat_%04d", uri, strchr(uri, '?') ? "&" : "?", idx);
        uri = own;
    }
    cp_records *db = cp_records_open_wait(uri, 30000, CP_RECORDS_EXISTING, &w, &err);
    if (!db)
        die("opening", &err);
    int waits = 0;
    char staff[32];
    snprintf(staff, sizeof staff, "S%04d", idx);
    cp_trainee t;
    while (cp_records_trainee_find(db, staff, &t, &err) != 0)
        if (!lost_again(&err, &waits))
            die("finding the seat's trainee", &err);
    if (ready_fd >= 0) {   /* then closed: the parent reads EOF once every seat is ready or dead */
        if (write(ready_fd, "r", 1) != 1)
            die("saying it is ready", NULL);
        close(ready_fd);
    }
    if (go_fd >= 0) {
        char c;
        if (read(go_fd, &c, 1) < 0)
            die("waiting for the start", NULL);
    }
    cp_session *s = NULL;
    if (sid == 0) {
        if (!(s = cp_session_new(sc, scorer, &err)))
            die("starting a session", &err);
        while (cp_records_session_start(db, t.id, s, CP_MODE_PRACTICE, 0, &sid, &err) != 0)
            if (!lost_again(&err, &waits))
                die("starting a session", &err);
    } else {
        while (!(s = cp_records_resume(db, sid, sc, scorer, &err)))
            if (!lost_again(&err, &waits))
                die("resuming", &err);
    }
    fprintf(out, "s %lld\n", (long long)sid);
    fprintf(out, "o %d\n", w.attempts + waits);
    fflush(out);
    int retries = 0;
    for (int k = from; k < to; k++) {
        if (cp_session_reply(s, lines[k], 0, &err) != 0)
            die("replying", &err);
        fprintf(out, "%.3f\n", commit(db, sid, s, &retries));
        fflush(out);
    }
    fprintf(out, "r %d\n", retries);
    fflush(out);
    cp_session_free(s);
    cp_records_close(db);
}

/* Starts the shell command in environment variable name, if set; its pid or 0. */
static pid_t run_at(const char *name)
{
    const char *cmd = getenv(name);
    pid_t p = 0;
    if (cmd && *cmd && (p = fork()) == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return p > 0 ? p : 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_seats URI SEATS TURNS [KILL_PERCENT]\n");
        return 2;
    }
    const char *uri = argv[1];
    int seats = atoi(argv[2]), turns = atoi(argv[3]);
    int kill_pct = argc > 4 ? atoi(argv[4]) : 0;
    cp_error err = { 0 };
    if (!(scorer = cp_scorer_load("scenarios/rubrics", &err)) ||
        !(sc = cp_scenario_load(SCENARIO, &err)))
        die("loading", &err);
    FILE *f = fopen(REPLIES, "r");
    char buf[4096];
    while (f && nlines < 64 && fgets(buf, sizeof buf, f))
        if (buf[strspn(buf, " \t\r\n")] && strncmp(buf, "--", 2) != 0) {   /* '--' comments */
            buf[strcspn(buf, "\r\n")] = '\0';
            lines[nlines++] = strdup(buf);
        }
    if (f)
        fclose(f);
    if ((int)nlines < turns || seats < 1) {
        fprintf(stderr, "bench_seats: %s has %zu replies, fewer than %d\n", REPLIES, nlines, turns);
        return 2;
    }
    const char *sl = getenv("BENCH_SEAT_LOGINS");
    seat_logins = sl && strcmp(sl, "1") == 0 && cp_records_is_uri(uri);
    cp_records *db = cp_records_open(uri, 30000, &err);
    if (!db)
        die("opening", &err);
    if (seat_logins && cp_records_centre_init(db, &err) != 0)
        die("making the centre", &err);
    for (int i = 0; i < seats; i++) {
        char staff[32], name[32];
        snprintf(staff, sizeof staff, "S%04d", i);
        snprintf(name, sizeof name, "座位%d", i);
        cp_trainee t;
        if (cp_records_trainee_find(db, staff, &t, NULL) != 0 &&
            cp_records_trainee_add(db, name, staff, "压测", NULL, &err) != 0)
            die("adding trainees", &err);
        char login[32];
        snprintf(login, sizeof login, "bench_seat_%04d", i);
        if (seat_logins && cp_records_centre_grant(db, login, "seat", staff, "bench-seat-pw", &err) != 0)
            die("granting a seat", &err);
    }
    cp_records_close(db);

    char tmpl[] = "/tmp/bench_seats_XXXXXX";
    if (!mkdtemp(tmpl))
        die("making a folder", NULL);
    int go[2], ready[2];
    /* close-on-exec: a server that BENCH_AT_* restarts must not hold them open */
    if (pipe2(go, O_CLOEXEC) != 0 || pipe2(ready, O_CLOEXEC) != 0)
        die("pipe", NULL);
    double tf = now_ms();
    pid_t *pid = calloc((size_t)seats, sizeof *pid);
    int nkill = seats * kill_pct / 100;
    for (int i = 0; i < seats; i++) {
        char path[300];
        snprintf(path, sizeof path, "%s/%d", tmpl, i);
        if ((pid[i] = fork()) == 0) {
            close(go[1]);
            close(ready[0]);
            FILE *out = fopen(path, "w");
            /* a seat to be killed stops after its 4th reply and waits for the signal */
            seat(uri, i, 0, i < nkill ? 4 : turns, 0, ready[1], go[0], out);
            if (i < nkill)
                pause();
            fclose(out);
            _exit(0);
        }
    }
    pid_t at_open = 0;
    close(go[0]);
    close(ready[1]);
    /* every seat connected and waiting (a seat that died closes its end: EOF, counted below) */
    int nready = 0;
    char rb[256];
    ssize_t nr;
    while (nready < seats && (nr = read(ready[0], rb, sizeof rb)) > 0) {
        nready += (int)nr;
        if (!at_open && nready >= seats / 2)   /* half of them open, the rest still opening */
            at_open = run_at("BENCH_AT_OPEN");
    }
    close(ready[0]);
    double connect_s = (now_ms() - tf) / 1000;
    double t0 = now_ms();
    close(go[1]);               /* go: every seat reads EOF at once */
    pid_t at_go = run_at("BENCH_AT_GO");
    int bad = 0;
    for (int i = 0; i < seats; i++) {
        if (i < nkill) {
            char path[300], line[64];
            snprintf(path, sizeof path, "%s/%d", tmpl, i);
            int got = 0;
            for (int w = 0; got < 6 && w < 6000; w++) {   /* its s and o lines, 4 replies */
                FILE *r = fopen(path, "r");
                got = 0;
                while (r && fgets(line, sizeof line, r))
                    got++;
                if (r)
                    fclose(r);
                if (got < 6) {
                    struct timespec ts = { 0, 10000000L };
                    nanosleep(&ts, NULL);
                }
            }
            kill(pid[i], SIGKILL);
        }
        int st;
        waitpid(pid[i], &st, 0);
        if (i >= nkill && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
            bad++;
    }
    /* the killed seats resume in new processes */
    for (int i = 0; i < nkill; i++) {
        char path[300], line[64];
        snprintf(path, sizeof path, "%s/%d", tmpl, i);
        FILE *r = fopen(path, "r");
        long long sid = 0;
        if (r && fgets(line, sizeof line, r))
            sscanf(line, "s %lld", &sid);
        if (r)
            fclose(r);
        if ((pid[i] = fork()) == 0) {
            FILE *out = fopen(path, "a");
            seat(uri, i, 4, turns, sid, -1, -1, out);
            fclose(out);
            _exit(0);
        }
    }
    for (int i = 0; i < nkill; i++) {
        int st;
        waitpid(pid[i], &st, 0);
        if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0))
            bad++;
    }
    double wall = now_ms() - t0;
    if (at_go > 0)
        waitpid(at_go, NULL, 0);
    if (at_open > 0)
        waitpid(at_open, NULL, 0);
    size_t cap = (size_t)seats * (size_t)turns, n = 0;
    double *lat = calloc(cap + 1, sizeof *lat);
    long retries = 0, start_retries = 0;
    int64_t *sids = calloc((size_t)seats, sizeof *sids);
    for (int i = 0; i < seats; i++) {
        char path[300], line[64];
        snprintf(path, sizeof path, "%s/%d", tmpl, i);
        FILE *r = fopen(path, "r");
        while (r && fgets(line, sizeof line, r)) {
            long long v;
            int rv;
            if (sscanf(line, "s %lld", &v) == 1)
                sids[i] = v;
            else if (sscanf(line, "r %d", &rv) == 1)
                retries += rv;
            else if (sscanf(line, "o %d", &rv) == 1)
                start_retries += rv;
            else if (n < cap)
                lat[n++] = atof(line);
        }
        if (r)
            fclose(r);
        remove(path);
    }
    rmdir(tmpl);
    /* every seat's session: turns 1..TURNS, each exactly once */
    db = cp_records_open_ex(uri, 30000, CP_RECORDS_EXISTING, &err);
    if (!db)
        die("opening to check", &err);
    int wrong = 0, extra = 0;
    for (int i = 0; i < seats; i++) {
        size_t nt = 0;
        cp_rec_turn *tv = sids[i] ? cp_records_turns(db, sids[i], &nt, &err) : NULL;
        int ok = tv && (int)nt == turns;
        for (size_t k = 0; ok && k < nt; k++)
            ok = tv[k].seq == (int)k + 1 && tv[k].attempt == 1;
        if (!ok && wrong++ < 5)
            fprintf(stderr, "bench_seats: seat %d (session %lld): %zu replies recorded, want %d "
                            "(1..%d once each)\n", i, (long long)sids[i], nt, turns, turns);
        cp_rec_turns_free(tv, nt);
        /* one session a seat: a start retried after a lost server made no second one */
        cp_trainee t;
        char staff[32];
        snprintf(staff, sizeof staff, "S%04d", i);
        size_t ns = 0;
        cp_rec_session *sv = cp_records_trainee_find(db, staff, &t, &err) == 0
                                 ? cp_records_sessions(db, t.id, &ns, &err) : NULL;
        if (ns != 1) {
            extra += ns > 1 ? (int)ns - 1 : 0;
            if (wrong++ < 5)
                fprintf(stderr, "bench_seats: seat %d: %zu sessions, want 1\n", i, ns);
        }
        free(sv);
    }
    cp_records_close(db);
    qsort(lat, n, sizeof *lat, cmp_d);
    char killed[96] = "";
    if (nkill)
        snprintf(killed, sizeof killed, " (%d killed mid-session, resumed)", nkill);
    if (seat_logins)
        snprintf(killed + strlen(killed), sizeof killed - strlen(killed), " as seat logins");
    printf("%-10s %4d seats x %d replies%s: %zu commits in %.1f s (%.0f/s); commit p50 %.1f ms, "
           "p99 %.1f ms, max %.1f ms; %ld commits retried while the server was away; "
           "seats connected in %.1f s, %ld opens/starts waited for the server; %s%s\n",
           cp_records_is_uri(uri) ? "postgresql" : "sqlite", seats, turns,
           killed, n, wall / 1000, n / (wall / 1000),
           n ? lat[n / 2] : 0, n ? lat[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1] : 0,
           n ? lat[n - 1] : 0, retries, connect_s, start_retries,
           wrong || bad ? "REPLIES LOST OR DOUBLED" : "every reply present exactly once",
           extra ? " (AND EXTRA SESSIONS)" : "");
    free(lat);
    free(sids);
    free(pid);
    for (size_t i = 0; i < nlines; i++)
        free(lines[i]);
    cp_scenario_free(sc);
    cp_scorer_free(scorer);
    return wrong || bad ? 1 : 0;
}
