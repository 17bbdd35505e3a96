/* cli.h - shared pieces of the command-line front end: commands (main.c), paths and error
 * printing (cli.c).
 * Exit codes of every command: 0 success, 1 a problem with the input (bad scenario, lint
 * problems, bad save file), 2 wrong usage. */
#ifndef CP_CLI_H
#define CP_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cp_common.h"
#include "cp_scenario.h"
#include "cp_scorer.h"

#define EXIT_PROBLEM 1
#define EXIT_USAGE 2

/* The commands: name, function, one-line summary. main.c builds its table and help from it. */
#define CP_COMMANDS(X)                                                                        \
    X(play, "play a scenario in the window (or the terminal with --tty)")                     \
    X(run, "play a scenario without a person, replies from a file")                           \
    X(grade, "score one reply (or a stream of them) against the rubrics")                     \
    X(check, "load and lint scenario files")                                                  \
    X(graph, "write a scenario's branches as Graphviz DOT")                                   \
    X(new, "write a commented starting scenario")                                             \
    X(list, "list the installed scenarios")                                                   \
    X(practice, "play from scripted replies, recording every reply in the records")           \
    X(trainee, "add, list or import (CSV roster) trainees")                                   \
    X(history, "a trainee's sessions, scores, criterion rates and overrides")                 \
    X(progress, "a trainee's criterion progress and the next scenario to practise")           \
    X(exam, "run an exam (assessor passphrase), show exam results")                           \
    X(override, "override one criterion result of a recorded turn, with a reason")            \
    X(export, "score sheets of a session, trainee, exam or group: json csv xlsx pdf xapi")    \
    X(verify, "check the signature of exported files: valid, or what changed")                \
    X(sign, "sign files in place with this installation's key (re-sign with --resign)")       \
    X(key, "show or export this installation's signing public key")                           \
    X(passphrase, "set or change the assessor passphrase")                                     \
    X(records, "check the records database (every page and reference); copy a file to a server") \
    X(centre, "a training centre on one PostgreSQL server: init, grant seat/trainer/assessor")  \
    X(train, "fit the scorer's learned layer on the labelled corpus (make train)")            \
    X(learn, "refit the scorer on trainers' corrections (assessor passphrase); --rollback")

#define X(name, help) int cmd_##name(int argc, char **argv);
CP_COMMANDS(X)
#undef X

/* Folder of installed scenarios: $COUNTERPART_SCENARIOS or "scenarios". */
const char *cli_scenarios_dir(void);
/* Folder of rubric files: $COUNTERPART_RUBRICS or "<scenarios dir>/rubrics". */
const char *cli_rubrics_dir(void);
/* Resolves a scenario argument: an existing path as is, else <scenarios dir>/<arg>.lua.
 * Returns a heap string (caller frees). */
char *cli_scenario_path(const char *arg);
/* Prints "counterpart: file:line: message" to stderr. */
void cli_print_error(const cp_error *err);
/* True when argv[i] equals one of the two spellings. */
bool cli_is(const char *arg, const char *a, const char *b);
/* Reads option opt's value s as a whole number from min to max into *out; otherwise says so on
 * stderr ("counterpart CMD: --opt must be a whole number from MIN to MAX, not 'S'") and returns
 * false (the caller exits with its usage code). */
bool cli_whole(const char *cmd, const char *opt, const char *s, long min, long max, long *out);
/* Reply files: "#N" picks choice N (returns N, else 0); blank and "--" lines are skipped. */
int cli_choice_of(const char *line);
bool cli_skip_line(const char *line);
/* Fills a scoring context from scenario/node ids (either may be NULL; node NULL = the start):
 * the node's focus, notice, basis, checks and the persona. Scenarios stay cached. */
int cli_grade_ctx(const char *scen, const char *node, cp_score_ctx *ctx, cp_error *err);
#define CLI_MAX_HIST 16
struct cJSON;
/* Reads a JSON "history" list ([{"role","text"}]) into hist (CLI_MAX_HIST) and ctx. */
int cli_history(const struct cJSON *jh, cp_line *hist, cp_score_ctx *ctx, cp_error *err);
/* Loads the scorer from cli_rubrics_dir(), printing the error on failure. */
cp_scorer *cli_load_scorer(void);
/* Loads a scenario, printing the error on failure. */
cp_scenario *cli_load_scenario(const char *arg);

#endif
