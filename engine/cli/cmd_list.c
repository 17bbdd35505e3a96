/* cmd_list.c - `counterpart list`: the installed scenarios with their titles. */
#include "cli.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_list(int argc, char **argv)
{
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h")) {
            printf("usage: counterpart list [-v]\n"
                   "Lists the scenarios in $COUNTERPART_SCENARIOS (default: scenarios/): id, "
                   "difficulty, title;\n-v adds the summary and the seed sections drawn on.\n"
                   "exit: 0 ok, 1 a scenario failed to load (still listed), 2 usage\n");
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
        fprintf(stderr, "counterpart: %s: cannot open the scenario folder\n", dir);
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
        qsort(files.v, files.n, sizeof *files.v, cmp);
    int rc = 0;
    for (size_t i = 0; i < files.n; i++) {
        char *path = cp_xasprintf("%s/%s", dir, files.v[i]);
        cp_error err = { 0 };
        cp_scenario *sc = cp_scenario_load(path, &err);
        if (!sc) {
            cli_print_error(&err);
            rc = EXIT_PROBLEM;
        } else {
            printf("%-22s %d  %s\n", sc->id, sc->difficulty, sc->title);
            if (verbose) {
                printf("    %s\n", sc->summary ? sc->summary : "");
                for (size_t k = 0; k < sc->sources.n; k++)
                    printf("    来源: %s\n", sc->sources.v[k]);
            }
        }
        cp_scenario_free(sc);
        free(path);
    }
    cp_strlist_free(&files);
    return rc;
}
