/* cmd_list.c - `counterpart list`: the installed scenarios, easiest first (by difficulty, then
 * id; those without a difficulty last), under a header line. Trainers read it: Chinese text. */
#include "cli.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cp_utf8.h"

typedef struct entry {
    cp_scenario *sc;
} entry;

static int rank(const cp_scenario *sc)
{
    return sc->difficulty >= 1 && sc->difficulty <= 3 ? sc->difficulty : 4;
}

static int cmp_entry(const void *a, const void *b)
{
    const cp_scenario *x = ((const entry *)a)->sc, *y = ((const entry *)b)->sc;
    if (rank(x) != rank(y))
        return rank(x) - rank(y);
    return strcmp(x->id, y->id);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *difficulty_name(int d)
{
    static const char *const names[] = { "未标", "容易", "中等", "较难" };
    return names[d >= 1 && d <= 3 ? d : 0];
}

/* Prints s padded with spaces to `width` terminal columns (a CJK character takes two). */
static void pad(const char *s, int width)
{
    int w = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += cp_utf8_decode(s + i, len - i, &c);
        w += c >= 0x1100 ? 2 : 1;
    }
    printf("%s%*s", s, w < width ? width - w : 0, "");
}

int cmd_list(int argc, char **argv)
{
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h")) {
            printf("usage: counterpart list [-v]\n"
                   "Lists the scenarios in $COUNTERPART_SCENARIOS (default: scenarios/), easiest\n"
                   "first (difficulty 1..3, then those without one), under a header line: id,\n"
                   "difficulty (容易/中等/较难), title; -v adds the summary and the seed sections.\n"
                   "exit: 0 ok, 1 a scenario failed to load (named, the others still listed), 2 usage\n");
            return 0;
        }
        if (cli_is(argv[i], "-v", "--verbose"))
            verbose = true;
        else {
            fprintf(stderr, "counterpart list: unknown option '%s'\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    const char *dir = cli_scenarios_dir();
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "打不开情景文件夹「%s」。\n", dir);
        return EXIT_PROBLEM;
    }
    cp_strlist files = { 0 };
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".lua") == 0 && e->d_name[0] != '.')
            cp_strlist_push(&files, e->d_name);
    }
    closedir(d);
    if (files.n > 1)
        qsort(files.v, files.n, sizeof *files.v, cmp_str);
    int rc = 0;
    entry *v = cp_xcalloc(files.n + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < files.n; i++) {
        char *path = cp_xasprintf("%s/%s", dir, files.v[i]);
        cp_error err = { 0 };
        cp_scenario *sc = cp_scenario_load(path, &err);
        if (!sc) {
            char buf[2048];
            fprintf(stderr, "情景文件有错误，没有列出：%s\n  详情：%s\n", path,
                    cp_error_format(&err, buf, sizeof buf));
            rc = EXIT_PROBLEM;
        } else {
            v[n++].sc = sc;
        }
        free(path);
    }
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_entry);
    pad("编号", 22);
    printf(" 难度 标题\n");
    for (size_t i = 0; i < n; i++) {
        const cp_scenario *sc = v[i].sc;
        pad(sc->id, 22);
        printf(" %s %s\n", difficulty_name(sc->difficulty), sc->title);
        if (verbose) {
            printf("    %s\n", sc->summary ? sc->summary : "");
            for (size_t k = 0; k < sc->sources.n; k++)
                printf("    来源: %s\n", sc->sources.v[k]);
        }
        cp_scenario_free(v[i].sc);
    }
    free(v);
    cp_strlist_free(&files);
    return rc;
}
