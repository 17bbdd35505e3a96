/* transcript.h - readable text output shared by `run` and `play --tty` (all Chinese). */
#ifndef CP_TRANSCRIPT_H
#define CP_TRANSCRIPT_H

#include <stdbool.h>
#include <stdio.h>

#include "cp_session.h"

/* Prints what the citizen says now (and the end screen, or the numbered choices). */
void tr_citizen(FILE *f, const cp_session *s, bool color);
/* Prints the feedback on one answered turn. */
void tr_feedback(FILE *f, const cp_turn *t, bool color);
/* Prints the case brief (【案情】 and cp_scenario_brief_text). */
void tr_brief(FILE *f, const cp_scenario *sc);
/* Prints the end screen of an ended session: the ending's name and why, the rating, the turns
 * that moved the citizen most and why, what a 5 takes, the total and each criterion's met count. */
void tr_ending(FILE *f, const cp_session *s, bool color);

#endif
