/* cp_exam.h - exams as data (scenarios/exams/NAME.lua, loaded through the sandbox): the scenarios
 * in order, a time limit per reply, criterion weights, a pass mark, whether feedback shows during
 * the run; and the clock-free timing rules. Exam runs are records: cp_records_exam.h. */
#ifndef CP_EXAM_H
#define CP_EXAM_H

#include <stdbool.h>
#include <stdint.h>

#include "cp_common.h"

typedef struct cp_exam_weight {
    char *criterion;
    double weight;       /* > 0; criteria not listed weigh 1 */
} cp_exam_weight;

/* Outcome rule when an exam file does not say (`min_rating`): an ending rated below 3 (the
 * citizen left, complained, escalated: 群众离开 2/5) fails the run whatever the score. */
#define CP_EXAM_MIN_RATING 3

/* A loaded exam. Read-only after loading; strings owned by the exam. */
typedef struct cp_exam {
    char *path, *id, *title;
    uint64_t hash;             /* hash of the file's bytes */
    cp_strlist scenarios;      /* scenario ids, played in order */
    int time_limit;            /* seconds per reply, 0 = untimed */
    cp_exam_weight *weights;
    size_t nweights;
    double pass_mark;          /* percent 0..100 of the weighted score */
    int min_rating;            /* the pass rule on outcome: every scenario's ending must be
                                * rated (好差评) at least this, 1..5 (1 = any ending may pass);
                                * default CP_EXAM_MIN_RATING. 0 only for runs recorded before
                                * exams had the rule (score alone decided) */
    bool feedback;             /* show criterion feedback after each reply during the run */
} cp_exam;

/* Loads an exam file through the sandbox (engine/luahost/exam_load.c). NULL with err =
 * file:line: message on failure. Caller frees with cp_exam_free. */
cp_exam *cp_exam_load(const char *path, cp_error *err);
/* Frees an exam; NULL is a no-op. */
void cp_exam_free(cp_exam *ex);
/* Weight of criterion (1 when not listed). */
double cp_exam_weight_of(const cp_exam *ex, const char *criterion);

/* Milliseconds left for a reply after elapsed_ms; 0 once over; -1 when the exam is untimed. */
int64_t cp_exam_remaining_ms(const cp_exam *ex, int64_t elapsed_ms);

#endif
