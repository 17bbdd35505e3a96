/* cmd_check.c - `counterpart check FILE...`: loads each scenario in the sandbox and lints it. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void print_problem(void *ud, const char *file, int line, const char *msg)
{
    (void)ud;
    printf("%s:%d: %s\n", file, line, msg);
}

int cmd_check(int argc, char **argv)
{
    if (argc < 2 || cli_is(argv[1], "--help", "-h")) {
        FILE *f = argc < 2 ? stderr : stdout;
        fprintf(f, "usage: counterpart check FILE...\n"
                   "Loads each scenario in the sandbox and lints it: missing targets, unreachable\n"
                   "nodes, nodes with no path to an ending, endings without outcome, rating or\n"
                   "title, unknown criteria and expressions, a missing brief or top; and fair play:\n"
                   "a scored fact (notice item, where, deadline, basis, check term) that is neither\n"
                   "in the brief nor said by the citizen on every path to its node, a node entered\n"
                   "again that repeats its line, a condition on a criterion the node does not score.\n"
                   "Prints each problem as file:line: message (warnings are not counted).\n"
                   "exit: 0 clean, 1 any problem, 2 usage\n");
        return argc < 2 ? EXIT_USAGE : 0;
    }
    cp_scorer *scorer = cli_load_scorer();
    if (!scorer)
        return EXIT_PROBLEM;
    int problems = 0;
    for (int i = 1; i < argc; i++) {
        cp_error err = { 0 };
        cp_scenario *sc = cp_scenario_load(argv[i], &err);
        if (!sc) {
            char buf[2048];
            printf("%s\n", cp_error_format(&err, buf, sizeof buf));
            problems++;
            continue;
        }
        problems += cp_scenario_lint(sc, scorer, print_problem, NULL);
        problems += cp_scenario_lint_fair(sc, scorer, print_problem, NULL);
        cp_scenario_free(sc);
    }
    cp_scorer_free(scorer);
    if (problems)
        fprintf(stderr, "counterpart: %d problem%s\n", problems, problems == 1 ? "" : "s");
    return problems ? EXIT_PROBLEM : 0;
}
