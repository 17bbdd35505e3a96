/* main.c - the `counterpart` binary: dispatches to one command per file (cmd_*.c).
 * Must not: hold command logic or helpers the commands call (cli.c holds those, so the commands
 * never call back into this file). */
#include "cli.h"
#include "cli_records.h"

#include <stdlib.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} command;

#define X(n, h) { #n, cmd_##n, h },
static const command COMMANDS[] = { CP_COMMANDS(X) };
#undef X

static void usage(FILE *f)
{
    fprintf(f, "usage: counterpart COMMAND [ARGS]   (counterpart COMMAND --help for more)\n\n"
               "Counterpart: role-play training for social-security service staff.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(f, "  %-11s %s\n", COMMANDS[i].name, COMMANDS[i].help);
    fprintf(f, "\nexit codes: 0 success, 1 a problem with the input, 2 wrong usage\n"
               "environment: COUNTERPART_SCENARIOS (scenario folder), COUNTERPART_RUBRICS,\n"
               "             COUNTERPART_FONT (window font)\n");
}

int main(int argc, char **argv)
{
    cp_tz_default();   /* dates people read are local: Asia/Shanghai unless TZ says */
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (cli_is(argv[1], "--help", "-h") || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (strcmp(argv[1], COMMANDS[i].name) == 0) {
            if (cli_db_env_check() != 0)   /* a mistyped number stops it before any work */
                return EXIT_USAGE;
            return COMMANDS[i].fn(argc - 1, argv + 1);
        }
    fprintf(stderr, "counterpart: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
