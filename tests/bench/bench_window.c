/* bench_window.c - the SDL window's figures, as medians over runs:
 *   start-up: `counterpart play SCENARIO --script <empty>` launched fresh, wall time from fork to
 *     its first dialogue frame presented (the window says so on stderr the moment it is shown,
 *     read here through a pipe) and the process's peak memory (RSS high-water mark, wait4);
 *     side by side, when `love` is installed, LÖVE 11.4 drawing the same screen
 *     (tests/bench/love, the same font file), timed the same way; runs alternate;
 *   the first reply: a one-line script, from the reply's Enter to its feedback frame shown;
 *   frame cost: CPU time per redraw of a dialogue screen whose history holds >= 2,000 CJK
 *     characters, with the rendered-text cache warm (the normal case) and flushed (no cache);
 *   peak memory of the benchmark process after the frames.
 *   CPU: each child's user + system time (wait4), beside the wall time: the shared machines are
 *     noisy, and CPU time moves much less with other load than wall time does.
 * The benchmark holds a connection to the display for all its runs: a bare Xvfb resets itself
 * whenever its last client disconnects, and the next client to connect waits for the reset
 * (~50 ms here) - an artefact no desktop has (its window manager stays connected), which would
 * otherwise be added to every run of both programs.
 * Usage: bench_window BIN [SCENARIO]. Needs a display (the make target starts Xvfb if none).
 * Env: CP_BENCH_RUNS (7), CP_BENCH_LOVE (the love binary, default `love` on PATH; "none" skips
 * it), CP_BENCH_LOVE_DIR (tests/bench/love). Speed targets live here, never in tests. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sdl_internal.h"
#include "cp_utf8.h"

#define MAX_RUNS 31
#define FRAMES 300
#define UNCACHED 15

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    if (!n)
        return -1;
    qsort(v, n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double cpu_ms(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One fresh process running argv (env: extra NAME=VALUE strings, NULL-terminated). Its stderr
 * comes through a pipe: *at gets the wall ms from fork to the first line containing mark (-1
 * if none), *at2 the same for mark2 (when mark2), *value the number after the first line containing vmark (when vmark). Returns the
 * peak RSS in MiB, or -1 when the process failed or was killed after 30 s. */
static double last_cpu_ms; /* the last timed_run's child: user + system CPU, ms */

static double timed_run(char *const argv[], char *const env[], const char *mark, double *at,
                        const char *mark2, double *at2, const char *vmark, double *value)
{
    last_cpu_ms = -1;
    int p[2];
    if (pipe(p) != 0)
        return -1;
    *at = -1;
    if (at2)
        *at2 = -1;
    if (value)
        *value = -1;
    uint64_t t0 = cp_now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 2);
        close(p[0]);
        close(p[1]);
        int nul = open("/dev/null", O_WRONLY);
        if (nul >= 0)
            dup2(nul, 1);
        for (size_t i = 0; env && env[i]; i++)
            putenv(env[i]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(p[1]);
    char buf[8192], line[1024];
    size_t ll = 0;
    bool killed = false;
    for (;;) {
        struct pollfd pf = { p[0], POLLIN, 0 };
        int pr = poll(&pf, 1, 30000);
        if (pr <= 0) {
            kill(pid, SIGKILL);
            killed = true;
            break;
        }
        ssize_t n = read(p[0], buf, sizeof buf);
        if (n <= 0)
            break;
        uint64_t now = cp_now_ns();
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] != '\n') {
                if (ll < sizeof line - 1)
                    line[ll++] = buf[i];
                continue;
            }
            line[ll] = 0;
            ll = 0;
            if (*at < 0 && strstr(line, mark))
                *at = (now - t0) / 1e6;
            if (mark2 && *at2 < 0 && strstr(line, mark2))
                *at2 = (now - t0) / 1e6;
            const char *v = vmark ? strstr(line, vmark) : NULL;
            if (v && value && *value < 0)
                *value = strtod(v + strlen(vmark), NULL);
        }
    }
    close(p[0]);
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0 || killed || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return -1;
    last_cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                  (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    return ru.ru_maxrss / 1024.0;
}

/* A game folder for LÖVE in tmp: main.lua and conf.lua linked from src, the font as ui.ttc. */
static bool love_game(const char *src, const char *font, char *dir)
{
    char a[1200], b[1200];
    if (!mkdtemp(dir))
        return false;
    const char *files[] = { "main.lua", "conf.lua" };
    for (int i = 0; i < 2; i++) {
        snprintf(b, sizeof b, "%s/%s", src, files[i]);
        if (!realpath(b, a))
            return false;
        snprintf(b, sizeof b, "%s/%s", dir, files[i]);
        if (symlink(a, b) != 0)
            return false;
    }
    snprintf(b, sizeof b, "%s/ui.ttc", dir);
    return symlink(font, b) == 0;
}

static void love_game_free(const char *dir)
{
    char b[1200];
    const char *files[] = { "main.lua", "conf.lua", "ui.ttc" };
    for (int i = 0; i < 3; i++) {
        snprintf(b, sizeof b, "%s/%s", dir, files[i]);
        unlink(b);
    }
    rmdir(dir);
}

/* The love binary to compare with, or NULL. */
static const char *find_love(void)
{
    const char *l = getenv("CP_BENCH_LOVE");
    if (l && !strcmp(l, "none"))
        return NULL;
    if (l && *l)
        return l;
    const char *path = getenv("PATH");
    static char found[1200];
    while (path && *path) {
        const char *c = strchr(path, ':');
        size_t n = c ? (size_t)(c - path) : strlen(path);
        snprintf(found, sizeof found, "%.*s/love", (int)n, path);
        if (access(found, X_OK) == 0)
            return found;
        path = c ? c + 1 : NULL;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_window BIN [SCENARIO]\n");
        return 2;
    }
    const char *bin = argv[1];
    const char *scen = argc > 2 ? argv[2] : "scenarios/missing_materials.lua";
    int runs = getenv("CP_BENCH_RUNS") ? atoi(getenv("CP_BENCH_RUNS")) : 7;
    if (runs < 1 || runs > MAX_RUNS)
        runs = 7;
    char empty[] = "/tmp/cp_bench_empty_XXXXXX", one[] = "/tmp/cp_bench_reply_XXXXXX";
    int efd = mkstemp(empty), ofd = mkstemp(one);
    if (efd < 0 || ofd < 0)
        return 1;
    close(efd);
    static const char reply[] = "王师傅，让您跑了三趟，真是辛苦您了。您先坐下慢慢说，前两次是怎么跟您讲的？\n";
    if (write(ofd, reply, sizeof reply - 1) != (ssize_t)(sizeof reply - 1))
        return 1;
    close(ofd);

    /* LÖVE beside us, when installed */
    const char *love = find_love();
    char game[] = "/tmp/cp_bench_love_XXXXXX";
    const char *love_dir = getenv("CP_BENCH_LOVE_DIR") ? getenv("CP_BENCH_LOVE_DIR") : "tests/bench/love";
    wt_fontfile ff;
    if (love && (wt_find_font(getenv("COUNTERPART_FONT"), &ff) != 0 || !love_game(love_dir, ff.regular, game))) {
        fprintf(stderr, "bench_window: cannot set up the LÖVE comparison (%s)\n", love_dir);
        love = NULL;
    }

    /* ---- start-up: ours and LÖVE's, alternating ---- */
    /* stay connected to the display (see the head comment): no server reset between runs */
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        fprintf(stderr, "bench_window: cannot hold the display (%s); runs may include its resets\n",
                SDL_GetError());
    double ours_cpu[MAX_RUNS], love_cpu[MAX_RUNS];
    double ours_at[MAX_RUNS], ours_rss[MAX_RUNS], love_at[MAX_RUNS], love_rss[MAX_RUNS];
    double reply_ms[MAX_RUNS], shown[MAX_RUNS], shown_wall[MAX_RUNS], gl_at[MAX_RUNS], gl_rss[MAX_RUNS];
    size_t ng = 0;
    char *gl_env[] = { "COUNTERPART_WINDOW_STATS=1", "COUNTERPART_RENDERER=gpu", NULL };
    size_t no = 0, nl = 0, nr = 0, ns = 0;
    char *our_env[] = { "COUNTERPART_WINDOW_STATS=1", NULL };
    char *ours_argv[] = { (char *)bin, "play", (char *)scen, "--script", empty, NULL };
    char *reply_argv[] = { (char *)bin, "play", (char *)scen, "--script", one, NULL };
    char *love_argv[] = { (char *)(love ? love : "love"), game, NULL };
    for (int i = 0; i < runs; i++) {
        double at, at1, first;
        double rss = timed_run(ours_argv, our_env, "first dialogue frame shown", &at,
                               "window: first frame shown at ", &at1, "window: first frame shown at ",
                               &first);
        if (rss >= 0 && at >= 0) {
            ours_cpu[no] = last_cpu_ms;
            ours_at[no] = at;
            ours_rss[no] = rss;
            no++;
            if (first >= 0 && at1 >= 0) {
                shown[ns] = first;
                shown_wall[ns++] = at1;
            }
        }
        if (love) {
            rss = timed_run(love_argv, NULL, "love: first frame", &at, NULL, NULL, NULL, NULL);
            if (rss >= 0 && at >= 0) {
                love_cpu[nl] = last_cpu_ms;
                love_at[nl] = at;
                love_rss[nl] = rss;
                nl++;
            }
        }
        /* the OpenGL path for comparison (Mesa's llvmpipe where there is no GPU) */
        rss = timed_run(ours_argv, gl_env, "first dialogue frame shown", &at, NULL, NULL, NULL, NULL);
        if (rss >= 0 && at >= 0) {
            gl_at[ng] = at;
            gl_rss[ng++] = rss;
        }
        double rm;
        if (timed_run(reply_argv, our_env, "first reply shown", &at, NULL, NULL, "first reply shown ",
                      &rm) >= 0 &&
            rm >= 0)
            reply_ms[nr++] = rm;
    }
    unlink(empty);
    unlink(one);
    if (love)
        love_game_free(game);
    if (!no) {
        fprintf(stderr, "bench_window: the window did not start (no display?)\n");
        return 1;
    }
    double load[3];
    if (getloadavg(load, 3) < 0)
        load[0] = -1;
    double o_at = median(ours_at, no), o_rss = median(ours_rss, no);
    double o_first = ns ? median(shown_wall, ns) : -1, o_in = ns ? median(shown, ns) : -1;
    double l_at = nl ? median(love_at, nl) : -1, l_rss = nl ? median(love_rss, nl) : -1;
    printf("start-up, wall from fork and peak RSS, medians of %zu runs (load average %.2f%s):\n", no,
           load[0], load[0] > 0.5 ? ", other load present" : "");
    printf("  %-44s %9s %13s %12s\n", "", "wall ms", "peak RSS MiB", "CPU ms (run)");
    printf("  %-44s %9.1f %13.1f %12.1f\n", "Counterpart, first dialogue frame", o_at, o_rss,
           median(ours_cpu, no));
    if (ns)
        printf("  %-44s %9.1f   (%.1f ms after main's window code began)\n",
               "Counterpart, first frame (the start screen)", o_first, o_in);
    if (ng)
        printf("  %-44s %9.1f %13.1f\n", "Counterpart, COUNTERPART_RENDERER=gpu",
               median(gl_at, ng), median(gl_rss, ng));
    if (nl) {
        printf("  %-44s %9.1f %13.1f %12.1f\n", "LÖVE 11.4, the same dialogue screen", l_at, l_rss,
               median(love_cpu, nl));
        printf("  %-44s %9.2f %13.2f   (target <= 0.33 and <= 0.50: %s, %s)\n",
               "ratio, our first dialogue frame / LÖVE", o_at / l_at, o_rss / l_rss,
               o_at / l_at <= 1.0 / 3 ? "met" : "NOT met", o_rss / l_rss <= 0.5 ? "met" : "NOT met");
        if (ns)
            printf("  %-44s %9.2f\n", "ratio, our first frame / LÖVE", o_first / l_at);
    } else {
        printf("  (LÖVE not installed: `apt-get install love` to compare; it is not a dependency)\n");
    }
    if (nr)
        printf("the first reply, Enter to its feedback shown: %.1f ms median of %zu (target <= 50 ms)\n",
               median(reply_ms, nr), nr);

    /* ---- frame cost with a long history ---- */
    cp_window_opts o = { .scenario_path = scen, .scenarios_dir = "scenarios",
                         .rubrics_dir = "scenarios/rubrics" };
    win *w = calloc(1, sizeof *w);
    if (win_open(w, &o) != CP_WINDOW_OK || win_ready(w) != 0) {
        fprintf(stderr, "bench_window: cannot open the window\n");
        return 1;
    }
    static const char *const lines[] = {
        "我这是第三趟了！上回说缺这个，这回又说缺那个，你们到底有没有一个准话？我六十岁的人了，经得起这么来回折腾吗？",
        "王师傅，让您跑了三趟，真是辛苦您了。您先坐下慢慢说，前两次是怎么跟您讲的？我一样一样帮您核对。",
        "第一回说户口簿要原件，第二回又说档案没调过来。今天我都带来了，你看看还缺什么，别再让我白跑。",
        "您说的我记下了：户口簿原件您带来了，档案的事上次没说清楚。我现在就查档案在哪里，一次给您说全。",
    };
    size_t chars = 0;
    for (size_t i = 0; chars < 2000; i++) {
        const char *t = lines[i % 4];
        cp_ui_push_entry(w->ui, i % 2 ? CP_UI_TRAINEE : CP_UI_CITIZEN, t, (int)i);
        chars += cp_utf8_count(t, strlen(t));
    }
    win_frame(w); /* warm: layouts and textures made once */
    win_frame(w);
    double thr[FRAMES], proc[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
        double a = cpu_ms(CLOCK_THREAD_CPUTIME_ID), b = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
        w->frame++;
        win_draw(w);
        double a1 = cpu_ms(CLOCK_THREAD_CPUTIME_ID);
        SDL_RenderPresent(w->r);
        double b1 = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
        thr[i] = a1 - a;
        proc[i] = b1 - b;
    }
    /* the same frame with the text cache flushed every time (what no cache would cost) */
    double unc[UNCACHED];
    for (int i = 0; i < UNCACHED; i++) {
        wt_open_fonts(w); /* flushes textures and advance tables; layouts re-made too */
        double a = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
        w->frame++;
        win_draw(w);
        SDL_RenderPresent(w->r);
        unc[i] = cpu_ms(CLOCK_PROCESS_CPUTIME_ID) - a;
    }
    printf("dialogue frame, %zu CJK characters in history, %d frames (renderer %s, %dx%d):\n",
           chars, FRAMES, w->renderer_why, w->W, w->H);
    printf("  draw, cache warm        %8.3f ms CPU median (target <= 1 ms)\n", median(thr, FRAMES));
    printf("  draw + present          %8.3f ms CPU median (all threads)\n", median(proc, FRAMES));
    printf("  draw + present, no cache%8.3f ms CPU median (%d frames, cache flushed each)\n",
           median(unc, UNCACHED), UNCACHED);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  peak memory (RSS)       %8.1f MiB (benchmark process)\n", ru.ru_maxrss / 1024.0);
    win_close(w);
    free(w);
    return 0;
}
