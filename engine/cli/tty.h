/* tty.h - playing a scenario in the terminal (engine/cli/tty.c), for `play --tty` and `play`
 * without a display. */
#ifndef CP_TTY_H
#define CP_TTY_H

/* Plays the scenario file at path on stdin/stdout (resume: a saved session to continue; save:
 * where to save after every reply, or NULL). Returns 0 when played or left, EXIT_PROBLEM when the
 * scenario, the rubrics or the saved session cannot be loaded (said in Chinese on stderr). */
int tty_play(const char *path, const char *resume, const char *save);

#endif
