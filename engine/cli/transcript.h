/* transcript.h - readable text output shared by `run` and `play --tty`. */
#ifndef CP_TRANSCRIPT_H
#define CP_TRANSCRIPT_H

#include <stdbool.h>
#include <stdio.h>

#include "cp_session.h"

/* Prints what the citizen says now (and the ending, or the numbered choices). */
void tr_citizen(FILE *f, const cp_session *s, bool color);
/* Prints the feedback on one answered turn. */
void tr_feedback(FILE *f, const cp_turn *t, bool color);

#endif
