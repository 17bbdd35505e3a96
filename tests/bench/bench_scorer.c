/* bench_scorer.c - scorer speed, printed as medians:
 *   1. in-process: median µs to grade one ~100-character reply (many runs over varied replies);
 *   2. `counterpart grade --jsonl` throughput in replies/s, each line a JSON object with its
 *      scenario, node and citizen line (median of several runs; includes process start and
 *      loading, so it is a lower bound on steady-state speed);
 *   3. load time of the scorer and of its learned layer alone; resident memory once loaded.
 * Both are also given per CPU-second (process CPU time), which a busy machine does not skew. 
 * Usage: bench_scorer [--bin build/counterpart] [--runs N] [--lines N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cp_scorer.h"
#include "cp_utf8.h"

static const char *const REPLIES[] = {
    "您好，我理解您来回跑了好几趟，确实不容易。您是说上次窗口没有一次性告诉您缺什么材料，对吗？您还需要补户口簿原件，去派出所开，本月底前交来就行。",
    "這不歸我管，你去別的窗口問吧。材料不全就是辦不了，規定就是規定，我也沒辦法，你自己沒看清楚公告怪誰呢？下一位！",
    "您别着急，慢慢说，具体遇到了什么问题？我这边先帮您查一下缴费记录，请出示一下本人身份证核实身份，谢谢您的配合。",
    "缴费基数是按上年度全省职工月平均工资核定的，下限是百分之六十。您对核定结果有异议，可以申请复核，也可以拨打12333反映。",
    "我特别理解您，放心，我保证给您办下来！材料不全也先收下，滞纳金我帮你免了，这次先给你通融一下，下不为例啊。",
    "让您久等了，给您添麻烦了。按照《社会保险费征缴暂行条例》，逾期要按日加收万分之五的滞纳金，您可以申请分期缴纳。",
};
#define NREPLIES (sizeof REPLIES / sizeof REPLIES[0])

static double cpu_s(int who)
{
    struct rusage ru;
    getrusage(who, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static long rss_kb(void)
{
    long rss = 0;
    FILE *st = fopen("/proc/self/status", "r");
    char line[256];
    while (st && fgets(line, sizeof line, st))
        if (!strncmp(line, "VmRSS:", 6))
            rss = atol(line + 6);
    if (st)
        fclose(st);
    return rss;
}

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

int main(int argc, char **argv)
{
    const char *bin = "build/counterpart";
    int runs = 20000, lines = 100000, procs = 5;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--bin") && i + 1 < argc) bin = argv[++i];
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc) runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--lines") && i + 1 < argc) lines = atoi(argv[++i]);
    }
    cp_error err = { 0 };
    long rss0 = rss_kb();
    uint64_t t0 = cp_now_ns();
    cp_scorer *sc = cp_scorer_load(getenv("COUNTERPART_RUBRICS") ? getenv("COUNTERPART_RUBRICS")
                                                                 : "scenarios/rubrics", &err);
    uint64_t t1 = cp_now_ns();
    long rss1 = rss_kb();
    if (!sc) {
        fprintf(stderr, "bench: %s:%d: %s\n", err.file, err.line, err.msg);
        return 1;
    }
    printf("scorer load (rubrics, OpenCC table, jieba dictionary, learned layer): %.1f ms; %s\n",
           (t1 - t0) / 1e6, cp_scorer_version(sc));
    {
        /* the learned layer alone, loaded again */
        char mp[512];
        snprintf(mp, sizeof mp, "%s/scorer.model",
                 getenv("COUNTERPART_RUBRICS") ? getenv("COUNTERPART_RUBRICS") : "scenarios/rubrics");
        double ml[5];
        for (int k = 0; k < 5; k++) {
            uint64_t m0 = cp_now_ns();
            if (cp_scorer_load_model(sc, mp, &err) != 0) {
                fprintf(stderr, "bench: %s: %s\n", mp, err.msg);
                return 1;
            }
            ml[k] = (cp_now_ns() - m0) / 1e6;
        }
        printf("learned layer load: median %.1f ms (5 loads of %s)\n", median(ml, 5), mp);
    }
    {
        long rss = 0, hwm = 0;
        FILE *st = fopen("/proc/self/status", "r");
        char line[256];
        while (st && fgets(line, sizeof line, st)) {
            if (!strncmp(line, "VmRSS:", 6))
                rss = atol(line + 6);
            if (!strncmp(line, "VmHWM:", 6))
                hwm = atol(line + 6);
        }
        if (st)
            fclose(st);
        printf("resident memory of the loaded scorer: %.1f MiB (target <= 30); the whole bench "
               "process %.1f MiB, peak %.1f MiB\n", (rss1 - rss0) / 1024.0, rss / 1024.0, hwm / 1024.0);
    }
    /* graded in context: a node's focus and the citizen's line it answers */
    cp_strlist focus = { 0 };
    const char *fc[] = { "lur.respond", "clarity.plain_language", "empathy.courtesy", "empathy.no_blame",
                         "compliance.no_promise" };
    for (size_t k = 0; k < 5; k++)
        cp_strlist_push(&focus, fc[k]);
    cp_line hist[2] = { { "citizen", "你们这儿到底怎么回事？我这是第三趟了！" },
                        { "clerk", "王师傅，跑了三趟，真是辛苦您了。您慢慢说。" } };
    cp_score_ctx cx = { .scenario = "missing_materials", .node = "notice", .focus = &focus,
                        .citizen = "那你一次给我说清楚，到底还缺哪几样？都上哪儿去弄？我记性不好，你说慢点。",
                        .history = hist, .nhistory = 2, .age = 60 };
    /* 1. in-process, normalised to 100 characters */
    static cp_result r;
    double *per100 = malloc(sizeof(double) * (size_t)runs);
    double *cpu100 = malloc(sizeof(double) * (size_t)runs);
    for (size_t k = 0; k < NREPLIES; k++)   /* warm up */
        cp_scorer_grade(sc, &cx, REPLIES[k], strlen(REPLIES[k]), &r, &err);
    const int batch = 20;
    for (int i = 0; i < runs; i++) {
        const char *t = REPLIES[i % NREPLIES];
        size_t len = strlen(t), ncp = cp_utf8_count(t, len);
        struct timespec ca, cz;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ca);
        uint64_t a = cp_now_ns();
        for (int b = 0; b < batch; b++)
            cp_scorer_grade(sc, &cx, t, len, &r, &err);
        uint64_t z = cp_now_ns();
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cz);
        per100[i] = (double)(z - a) / batch / 1e3 * (100.0 / (double)ncp);
        cpu100[i] = ((cz.tv_sec - ca.tv_sec) * 1e9 + (cz.tv_nsec - ca.tv_nsec)) / batch / 1e3 *
                    (100.0 / (double)ncp);
    }
    double med = median(per100, (size_t)runs);
    printf("in-process grade in context: median %.2f µs per 100-character reply (%d runs of %d, target <= 50); "
           "CPU time %.2f µs\n", med, runs, batch, median(cpu100, (size_t)runs));
    free(per100);
    free(cpu100);
    cp_scorer_free(sc);
    cp_strlist_free(&focus);

    /* 2. grade --jsonl throughput */
    const char *path = "build/bench_replies.txt";
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    for (int i = 0; i < lines; i++)
        fprintf(f, "{\"scenario\":\"missing_materials\",\"node\":\"notice\",\"citizen\":\"%s\",\"text\":\"%s\"}\n",
                "那你一次给我说清楚，到底还缺哪几样？", REPLIES[i % NREPLIES]);
    fclose(f);
    double rate[16], crate[16];
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s grade --jsonl < %s > /dev/null", bin, path);
    for (int p = 0; p < procs; p++) {
        double c0 = cpu_s(RUSAGE_CHILDREN);
        uint64_t a = cp_now_ns();
        int rc = system(cmd);
        uint64_t z = cp_now_ns();
        crate[p] = lines / (cpu_s(RUSAGE_CHILDREN) - c0);
        if (rc != 0) {
            fprintf(stderr, "bench: '%s' failed (%d)\n", cmd, rc);
            return 1;
        }
        rate[p] = lines / ((z - a) / 1e9);
    }
    printf("grade --jsonl: median %.0f replies/s (%d runs of %d lines, target >= 100000); "
           "%.0f replies per CPU-second\n", median(rate, (size_t)procs), procs, lines,
           median(crate, (size_t)procs));
    remove(path);
    return 0;
}
