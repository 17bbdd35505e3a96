/* bench_runtime.c - runtime figures, as medians over runs: loading each scenario, one reply
 * through the session (scoring + transitions + Lua say/when), and for every hostile script in
 * tests/sandbox/ the time until it is refused and the sandbox's peak memory. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_sandbox.h"
#include "cp_session.h"

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double median_us(uint64_t *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_u64);
    return (n % 2 ? (double)v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0) / 1000.0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    cp_error err = { 0 };
    char buf[2048];
    cp_scorer *scorer = cp_scorer_load("scenarios/rubrics", &err);
    if (!scorer) {
        fprintf(stderr, "%s\n", cp_error_format(&err, buf, sizeof buf));
        return 1;
    }
    enum { RUNS = 21 };
    uint64_t t[RUNS];
    const char *ids[] = { "missing_materials", "contribution_base", "firm_arrears" };
    printf("runtime (medians of %d runs)\n", RUNS);
    for (size_t k = 0; k < 3; k++) {
        char path[256];
        snprintf(path, sizeof path, "scenarios/%s.lua", ids[k]);
        for (int r = 0; r < RUNS; r++) {
            uint64_t t0 = cp_now_ns();
            cp_scenario *sc = cp_scenario_load(path, &err);
            t[r] = cp_now_ns() - t0;
            if (!sc) {
                fprintf(stderr, "%s\n", cp_error_format(&err, buf, sizeof buf));
                return 1;
            }
            cp_scenario_free(sc);
        }
        printf("  load %-20s %9.1f us\n", ids[k], median_us(t, RUNS));
    }
    cp_scenario *sc = cp_scenario_load("scenarios/missing_materials.lua", &err);
    const char *reply = "王师傅，您跑了三趟，真是辛苦您了。您先别急，慢慢说，上次窗口是怎么跟您讲的？"
                        "我听明白了，您是说每次只告诉您缺一样，对吗？";
    enum { REPLIES = 2001 };
    uint64_t *rt = malloc(REPLIES * sizeof *rt);
    for (int r = 0; r < REPLIES; r++) {
        cp_session *s = cp_session_new(sc, scorer, &err);
        uint64_t t0 = cp_now_ns();
        cp_session_reply(s, reply, 0, &err);
        rt[r] = cp_now_ns() - t0;
        cp_session_free(s);
    }
    printf("  one reply (grade + reacts + transitions + say)  %9.1f us\n", median_us(rt, REPLIES));
    free(rt);
    cp_scenario_free(sc);

    printf("hostile scripts: time to refusal and peak sandbox memory (median of 5)\n");
    DIR *d = opendir("tests/sandbox");
    cp_strlist files = { 0 };
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strstr(e->d_name, ".lua"))
            cp_strlist_push(&files, e->d_name);
    if (d)
        closedir(d);
    qsort(files.v, files.n, sizeof *files.v, cmp_str);
    double worst = 0;
    size_t worst_mem = 0;
    for (size_t i = 0; i < files.n; i++) {
        char path[512];
        snprintf(path, sizeof path, "tests/sandbox/%s", files.v[i]);
        uint64_t h[5];
        size_t peak = 0;
        for (int r = 0; r < 5; r++) {
            cp_sandbox *sb = cp_sandbox_new(NULL, &err);
            uint64_t t0 = cp_now_ns();
            cp_sandbox_run_file(sb, path, 0, &err);
            h[r] = cp_now_ns() - t0;
            if (cp_sandbox_peak_bytes(sb) > peak)
                peak = cp_sandbox_peak_bytes(sb);
            cp_sandbox_free(sb);
        }
        double ms = median_us(h, 5) / 1000.0;
        if (ms > worst)
            worst = ms;
        if (peak > worst_mem)
            worst_mem = peak;
        printf("  %-26s %8.1f ms %8.1f MiB  %s\n", files.v[i], ms, peak / 1048576.0, err.msg);
    }
    printf("  worst: %.1f ms, %.1f MiB (cap %zu MiB, budget %u ms)\n", worst, worst_mem / 1048576.0,
           cp_sandbox_default_limits().max_bytes >> 20, cp_sandbox_default_limits().max_ms);
    cp_strlist_free(&files);
    cp_scorer_free(scorer);
    return 0;
}
