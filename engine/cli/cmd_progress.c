/* cmd_progress.c - `counterpart progress TRAINEE`: self-study progress of each criterion over
 * time (met/total per session, oldest first) and the recommended next scenario, which trains
 * the weakest criterion among the installed scenarios. */
#include "cli_records.h"

#include <dirent.h>
#include <string.h>

#include "cp_progress.h"

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart progress TRAINEE [--db PATH] [--passphrase-file FILE]\n"
        "TRAINEE is a 工号 or a trainee id. One line per criterion: met/total in each session\n"
        "(oldest first, '-' when the criterion did not count there), the rate over the last %d\n"
        "sessions; then `next: SCENARIO` - the installed scenario that trains the weakest\n"
        "criterion most (never-practised criteria count as 50%%; ties go to the scenario played\n"
        "least). Needs the assessor passphrase when one is set.\n"
        "exit: 0 shown, 1 unknown trainee / wrong passphrase / database problem, 2 usage\n",
        CP_PROGRESS_RECENT);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads every scenario in the scenarios folder (those that fail are skipped with a warning). */
static cp_scenario **load_all(size_t *n)
{
    cp_strlist files = { 0 };
    DIR *d = opendir(cli_scenarios_dir());
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".lua") == 0 && e->d_name[0] != '.') {
            char *p = cp_xasprintf("%s/%s", cli_scenarios_dir(), e->d_name);
            cp_strlist_push(&files, p);
            free(p);
        }
    }
    if (d)
        closedir(d);
    if (files.n > 1)
        qsort(files.v, files.n, sizeof *files.v, cmp_str);
    cp_scenario **v = cp_xcalloc(files.n + 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; i < files.n; i++) {
        cp_error err = { 0 };
        cp_scenario *sc = cp_scenario_load(files.v[i], &err);
        if (sc)
            v[(*n)++] = sc;
        else {
            char buf[2048];
            fprintf(stderr, "counterpart: warning: %s\n", cp_error_format(&err, buf, sizeof buf));
        }
    }
    cp_strlist_free(&files);
    return v;
}

int cmd_progress(int argc, char **argv)
{
    const char *dbpath = NULL, *passf = NULL, *who = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--db", NULL) && i + 1 < argc)
            dbpath = argv[++i];
        else if (cli_is(argv[i], "--passphrase-file", NULL) && i + 1 < argc)
            passf = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "counterpart progress: unknown option '%s'\n", argv[i]);
            return usage(stderr, EXIT_USAGE);
        } else if (!who)
            who = argv[i];
        else
            return usage(stderr, EXIT_USAGE);
    }
    if (!who)
        return usage(stderr, EXIT_USAGE);
    cp_records *db = cli_open_records_existing(dbpath);
    if (!db)
        return EXIT_PROBLEM;
    int rc = EXIT_PROBLEM;
    cp_error err = { 0 };
    cp_trainee tr;
    cp_progress *p = NULL;
    cp_scenario **scs = NULL;
    size_t nsc = 0;
    if (cp_records_has_passphrase(db) && cli_unlock(db, passf) != 0)
        goto out;
    if (cli_find_trainee(db, who, &tr) != 0)
        goto out;
    if (!(p = cp_records_progress(db, tr.id, &err))) {
        cli_print_error(&err);
        goto out;
    }
    printf("trainee %lld  工号 %s  %s: %zu sessions\n", (long long)tr.id, tr.staff_no, tr.name,
           cp_progress_nsessions(p));
    for (size_t i = 0; i < cp_progress_ncriteria(p); i++) {
        printf("  %-30s", cp_progress_criterion(p, i));
        for (size_t j = 0; j < cp_progress_nsessions(p); j++) {
            int m, t;
            cp_progress_cell(p, i, j, &m, &t);
            if (t)
                printf(" %d/%d", m, t);
            else
                printf(" -");
        }
        int total;
        double r = cp_progress_rate(p, i, CP_PROGRESS_RECENT, &total);
        if (r >= 0)
            printf("   recent %.0f%%\n", r * 100);
        else
            printf("   recent -\n");
    }
    scs = load_all(&nsc);
    cp_recommendation rec;
    if (cp_recommend(p, (const cp_scenario *const *)scs, nsc, &rec) == 0)
        printf("next: %s  (trains %s, recent rate %.0f%%, weight %d)\n", scs[rec.scenario]->id,
               rec.criterion, rec.rate * 100, rec.weight);
    else
        printf("next: - (no installed scenario trains a criterion)\n");
    rc = 0;
out:
    for (size_t i = 0; scs && i < nsc; i++)
        cp_scenario_free(scs[i]);
    free(scs);
    cp_progress_free(p);
    cp_records_close(db);
    return rc;
}
