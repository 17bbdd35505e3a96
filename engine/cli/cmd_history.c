/* cmd_history.c - `counterpart history TRAINEE`: a trainee's recorded sessions with scores,
 * per-criterion met rates, and every override marked beside the automatic result it changed.
 * Needs the assessor passphrase when one is set (the CLI has no "self" trainee). */
#include "cli_records.h"

#include <string.h>

#include "cp_progress.h"

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart history TRAINEE [--turns] [--db PATH] [--passphrase-file FILE]\n"
        "TRAINEE is a 工号 or a trainee id. Prints the trainee, then one line per session (mode,\n"
        "scenario, start, outcome, score with hints deducted and overrides applied, turns,\n"
        "hints, overrides, the scorer version that graded its replies), the met rate of each\n"
        "criterion over counted turns, and the overrides (marked '*': automatic result ->\n"
        "override, who, when, why). --turns adds every reply with its scorer version and\n"
        "criteria ('!' timed out, 'retried' for superseded attempts).\n"
        "Needs the assessor passphrase when one is set.\n"
        "exit: 0 shown, 1 unknown trainee / wrong passphrase / database problem, 2 usage\n");
    return rc;
}

static void print_turns(cp_rec_turn *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        printf("    turn %d", t[i].seq);
        if (t[i].attempt > 1)
            printf(" (attempt %d)", t[i].attempt);
        printf("  %.1f/%.1f  %s -> %s  scorer %s%s%s\n", t[i].final, t[i].max, t[i].node, t[i].next,
               t[i].model[0] ? t[i].model : "(not recorded)", t[i].counted ? "" : "  (retried)",
               t[i].timed_out ? "  ! timed out" : "");
        if (t[i].hints)
            printf("      hints %d\n", t[i].hints);
        printf("      > %s\n", t[i].reply);
        for (size_t k = 0; k < t[i].ncrit; k++) {
            const cp_rec_crit *c = &t[i].crit[k];
            if (!c->focus)
                continue;
            printf("      %s %-28s %s%s\n", c->met_override >= 0 ? "*" : " ", c->id,
                   c->met ? "met" : "missed",
                   c->met_override >= 0 ? (c->met_auto ? "  (auto: met)" : "  (auto: missed)") : "");
        }
    }
}

int cmd_history(int argc, char **argv)
{
    const char *dbpath = NULL, *passf = NULL, *who = NULL;
    bool turns = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--db", NULL) && i + 1 < argc)
            dbpath = argv[++i];
        else if (cli_is(argv[i], "--passphrase-file", NULL) && i + 1 < argc)
            passf = argv[++i];
        else if (cli_is(argv[i], "--turns", NULL))
            turns = true;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "counterpart history: unknown option '%s'\n", argv[i]);
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
    cp_rec_session *s = NULL;
    cp_progress *p = NULL;
    size_t n = 0;
    if (cp_records_has_passphrase(db) && cli_unlock(db, passf) != 0)
        goto out;
    if (cli_find_trainee(db, who, &tr) != 0)
        goto out;
    s = cp_records_sessions(db, tr.id, &n, &err);
    p = s ? cp_records_progress(db, tr.id, &err) : NULL;
    if (!p) {
        cli_print_error(&err);
        goto out;
    }
    printf("trainee %lld  工号 %s  %s  班组 %s\n", (long long)tr.id, tr.staff_no, tr.name,
           tr.group[0] ? tr.group : "-");
    printf("sessions: %zu\n", n);
    for (size_t i = 0; i < n; i++) {
        char run[32] = "";
        if (s[i].exam_run)
            snprintf(run, sizeof run, " (exam run %lld)", (long long)s[i].exam_run);
        printf("  session %lld  %-9s %s%s  %s  %s", (long long)s[i].id, s[i].mode, s[i].scenario,
               run, s[i].started, s[i].ended[0] ? s[i].outcome : "open");
        if (s[i].rating)
            printf(" %d/5", s[i].rating);
        printf("  score %.1f/%.1f  turns %d", s[i].score, s[i].max, s[i].turns);
        if (s[i].attempts > s[i].turns)
            printf(" (%d attempts)", s[i].attempts);
        printf("  hints %d  overrides %d%s  scorer %s\n", s[i].hints, s[i].overrides,
               s[i].overrides ? " *" : "", s[i].models[0] ? s[i].models : "(not recorded)");
        if (turns) {
            size_t nt;
            cp_rec_turn *t = cp_records_turns(db, s[i].id, &nt, &err);
            if (!t) {
                cli_print_error(&err);
                goto out;
            }
            print_turns(t, nt);
            cp_rec_turns_free(t, nt);
        }
    }
    printf("criterion rates (counted turns, overrides applied):\n");
    for (size_t i = 0; i < cp_progress_ncriteria(p); i++) {
        int total;
        double r = cp_progress_rate(p, i, 0, &total);
        printf("  %-30s %3.0f%%  (%d turns)\n", cp_progress_criterion(p, i), r * 100, total);
    }
    printf("overrides (automatic result kept):\n");
    int nov = 0;
    for (size_t i = 0; i < n; i++) {
        if (!s[i].overrides)
            continue;
        size_t nt;
        cp_rec_turn *t = cp_records_turns(db, s[i].id, &nt, &err);
        if (!t) {
            cli_print_error(&err);
            goto out;
        }
        for (size_t j = 0; j < nt; j++)
            for (size_t k = 0; k < t[j].ncrit; k++) {
                const cp_rec_crit *c = &t[j].crit[k];
                if (c->met_override < 0)
                    continue;
                nov++;
                printf("  * session %lld turn %d %s: auto %s -> %s  by %s at %s: %s\n",
                       (long long)s[i].id, t[j].seq, c->id, c->met_auto ? "met" : "missed",
                       c->met ? "met" : "missed", c->by, c->at, c->why);
            }
        cp_rec_turns_free(t, nt);
    }
    if (!nov)
        printf("  none\n");
    rc = 0;
out:
    free(s);
    cp_progress_free(p);
    cp_records_close(db);
    return rc;
}
