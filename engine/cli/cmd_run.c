/* cmd_run.c - `counterpart run SCENARIO --replies FILE [--json]`: plays without a person. */
#include "cli.h"
#include "transcript.h"

#include <stdlib.h>
#include <string.h>

#include "cp_session.h"

static int usage(FILE *f, int rc)
{
    fprintf(f, "usage: counterpart run SCENARIO --replies FILE [--json] [--save FILE]\n"
               "Plays SCENARIO (an id or a .lua path) with one reply per line of FILE ('-' = stdin);\n"
               "a line '#2' picks choice 2; blank lines and lines starting with '--' are skipped.\n"
               "Stops at an ending or when the replies run out.\n"
               "--json prints {\"scenario\", \"turns\": [...], \"ending\": {...} or null}; the ending\n"
               "      holds id, outcome, rating, citizen and the end screen's report: title,\n"
               "      explain, rating_name, top (what a 5 takes, \"\" when rated 5), score, max,\n"
               "      moments [{turn (index into turns), d_anger, d_trust, why}] and criteria\n"
               "      [{id, name, met, shown}].\n"
               "--save writes the session so `play --resume` can continue it.\n"
               "exit: 0 played, 1 bad scenario / reply file / scenario error, 2 usage\n");
    return rc;
}

int cmd_run(int argc, char **argv)
{
    const char *scen = NULL, *replies = NULL, *save = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--json", NULL))
            json = true;
        else if (cli_is(argv[i], "--replies", "-r") && i + 1 < argc)
            replies = argv[++i];
        else if (cli_is(argv[i], "--save", NULL) && i + 1 < argc)
            save = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "counterpart run: unknown option '%s'\n", argv[i]);
            return usage(stderr, EXIT_USAGE);
        } else if (!scen)
            scen = argv[i];
        else
            return usage(stderr, EXIT_USAGE);
    }
    if (!scen || !replies)
        return usage(stderr, EXIT_USAGE);

    FILE *in = strcmp(replies, "-") == 0 ? stdin : fopen(replies, "rb");
    if (!in) {
        fprintf(stderr, "counterpart: %s: cannot open the reply file\n", replies);
        return EXIT_PROBLEM;
    }
    cp_scorer *scorer = cli_load_scorer();
    cp_scenario *sc = scorer ? cli_load_scenario(scen) : NULL;
    cp_error err = { 0 };
    cp_session *s = sc ? cp_session_new(sc, scorer, &err) : NULL;
    int rc = 0;
    if (sc && !s) {
        cli_print_error(&err);
        rc = EXIT_PROBLEM;
    }
    if (!s)
        rc = EXIT_PROBLEM;
    if (s && !json)
        tr_citizen(stdout, s, false);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    while (s && !cp_session_ended(s) && (n = getline(&line, &cap, in)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (strlen(line) != (size_t)n) {
            fprintf(stderr, "counterpart: %s:%d: NUL byte in a reply\n", replies, lineno);
            rc = EXIT_PROBLEM;
            break;
        }
        if (cli_skip_line(line))
            continue;
        int choice = cli_choice_of(line);
        if (cp_session_reply(s, choice ? NULL : line, choice, &err) != 0) {
            char buf[2048];
            fprintf(stderr, "counterpart: %s:%d: %s\n", replies, lineno,
                    cp_error_format(&err, buf, sizeof buf));
            rc = EXIT_PROBLEM;
            break;
        }
        if (!json) {
            const cp_turn *t = cp_session_turn(s, cp_session_nturns(s) - 1);
            printf("\n> %s\n", t->reply);
            tr_feedback(stdout, t, false);
            tr_citizen(stdout, s, false);
        }
    }
    free(line);
    if (in != stdin)
        fclose(in);
    if (s && json) {
        char *out = cp_session_json(s, true);
        puts(out);
        free(out);
    }
    if (s && save && cp_session_save(s, save, &err) != 0) {
        cli_print_error(&err);
        rc = EXIT_PROBLEM;
    }
    cp_session_free(s);
    cp_scenario_free(sc);
    cp_scorer_free(scorer);
    return rc;
}
