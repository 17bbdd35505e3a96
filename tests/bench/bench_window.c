/* bench_window.c - the SDL window's figures, as medians over runs:
 *   cold start: `counterpart play SCENARIO --script <empty>` launched fresh, time to its first
 *     dialogue frame (reported by the window) and to exit, and the process's peak memory;
 *   frame cost: CPU time per redraw of a dialogue screen whose history holds >= 2,000 CJK
 *     characters, with the rendered-text cache warm (the normal case) and flushed (no cache);
 *   peak memory of the benchmark process after the frames.
 * Usage: bench_window BIN [SCENARIO]. Needs a display (the make target starts Xvfb if none). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sdl_internal.h"
#include "cp_utf8.h"

#define COLD_RUNS 7
#define FRAMES 300
#define UNCACHED 15

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double cpu_ms(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One fresh process: returns wall ms to exit; *first gets the window's first-frame ms. */
static double cold_run(const char *bin, const char *scen, const char *empty, double *first,
                       long *maxrss_kb)
{
    char errf[] = "/tmp/cp_bench_window_XXXXXX";
    int fd = mkstemp(errf);
    if (fd < 0)
        return -1;
    uint64_t t0 = cp_now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd, 2);
        setenv("COUNTERPART_WINDOW_STATS", "1", 1);
        execl(bin, bin, "play", scen, "--script", empty, (char *)NULL);
        _exit(127);
    }
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    double wall = (cp_now_ns() - t0) / 1e6;
    *maxrss_kb = ru.ru_maxrss;
    *first = -1;
    FILE *f = fdopen(fd, "r");
    rewind(f);
    char line[512];
    while (fgets(line, sizeof line, f))
        sscanf(line, "window: first frame %lf ms", first);
    fclose(f);
    unlink(errf);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? wall : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_window BIN [SCENARIO]\n");
        return 2;
    }
    const char *bin = argv[1];
    const char *scen = argc > 2 ? argv[2] : "scenarios/missing_materials.lua";
    char empty[] = "/tmp/cp_bench_empty_XXXXXX";
    int efd = mkstemp(empty);
    if (efd < 0)
        return 1;
    close(efd);

    /* ---- cold start ---- */
    double wall[COLD_RUNS], first[COLD_RUNS], rss[COLD_RUNS];
    size_t ok = 0;
    for (int i = 0; i < COLD_RUNS; i++) {
        long kb = 0;
        double ff;
        double w = cold_run(bin, scen, empty, &ff, &kb);
        if (w < 0 || ff < 0)
            continue;
        wall[ok] = w;
        first[ok] = ff;
        rss[ok] = kb / 1024.0;
        ok++;
    }
    unlink(empty);
    if (!ok) {
        fprintf(stderr, "bench_window: the window did not start (no display?)\n");
        return 1;
    }
    printf("window cold start (%zu runs, renderer %s):\n", ok,
           getenv("SDL_RENDER_DRIVER") ? getenv("SDL_RENDER_DRIVER") : "default");
    printf("  first dialogue frame    %8.1f ms median\n", median(first, ok));
    printf("  start to exit           %8.1f ms median\n", median(wall, ok));
    printf("  peak memory (RSS)       %8.1f MiB median\n", median(rss, ok));

    /* ---- frame cost with a long history ---- */
    cp_window_opts o = { .scenario_path = scen, .scenarios_dir = "scenarios",
                         .rubrics_dir = "scenarios/rubrics" };
    win *w = calloc(1, sizeof *w);
    if (win_open(w, &o) != CP_WINDOW_OK) {
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
    SDL_RendererInfo ri;
    SDL_GetRendererInfo(w->r, &ri);
    printf("dialogue frame, %zu CJK characters in history, %d frames (renderer %s, %dx%d):\n",
           chars, FRAMES, ri.name, w->W, w->H);
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
