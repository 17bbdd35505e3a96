/* cp_exam.h - exams as data (scenarios/exams/NAME.lua, loaded through the sandbox): the scenarios
 * in order, a time limit per reply, criterion weights, a pass mark, whether feedback shows during
 * the run. Also the clock-free timing rules and the exam-run records.
 *
 * For front ends: load the exam, cp_records_unlock, cp_records_exam_begin, then for each
 * scenario cp_records_session_start(..., CP_MODE_EXAM, run, ...) and per reply: start a timer
 * when the citizen's line appears, show cp_exam_remaining_ms(ex, elapsed) as the countdown,
 * and when it reaches 0 submit the text as typed with meta.timed_out = true (the core never
 * reads a clock; cp_exam_turn_meta fills the meta). No hints; feedback only when ex->feedback.
 * Finally cp_records_exam_finish, and cp_records_exam_result for the score (with overrides). */
#ifndef CP_EXAM_H
#define CP_EXAM_H

#include "cp_common.h"
#include "cp_records.h"

typedef struct cp_exam_weight {
    char *criterion;
    double weight;       /* > 0; criteria not listed weigh 1 */
} cp_exam_weight;

/* A loaded exam. Read-only after loading; strings owned by the exam. */
typedef struct cp_exam {
    char *path, *id, *title;
    uint64_t hash;             /* hash of the file's bytes */
    cp_strlist scenarios;      /* scenario ids, played in order */
    int time_limit;            /* seconds per reply, 0 = untimed */
    cp_exam_weight *weights;
    size_t nweights;
    double pass_mark;          /* percent 0..100 of the weighted score */
    bool feedback;             /* show criterion feedback after each reply during the run */
} cp_exam;

/* Loads an exam file through the sandbox. NULL with err = file:line: message on failure.
 * Caller frees with cp_exam_free. */
cp_exam *cp_exam_load(const char *path, cp_error *err);
/* Frees an exam; NULL is a no-op. */
void cp_exam_free(cp_exam *ex);
/* Weight of criterion (1 when not listed). */
double cp_exam_weight_of(const cp_exam *ex, const char *criterion);

/* Milliseconds left for a reply after elapsed_ms; 0 once over; -1 when the exam is untimed. */
int64_t cp_exam_remaining_ms(const cp_exam *ex, int64_t elapsed_ms);
/* Meta for a reply submitted after elapsed_ms: limit, elapsed (clamped to the limit) and
 * timed_out when elapsed reached the limit. */
cp_turn_meta cp_exam_turn_meta(const cp_exam *ex, int64_t elapsed_ms);

/* ---- Exam runs (records) ---- */

/* Starts a run of ex for trainee by assessor (by: a name, may be ""). Needs a set passphrase
 * and cp_records_unlock. *run_id gets the id. */
int cp_records_exam_begin(cp_records *db, const cp_exam *ex, int64_t trainee, const char *by,
                          int64_t *run_id, cp_error *err);
/* Closes a run: stores the automatic weighted score and pass/fail once (a finished run cannot
 * change). complete = every scenario reached an ending. */
int cp_records_exam_finish(cp_records *db, int64_t run_id, bool complete, cp_error *err);

/* An exam run's result. */
typedef struct cp_exam_result {
    int64_t id, trainee;
    char exam[128], title[256], started[32], ended[32], by[96];
    double pass_mark;
    double auto_percent;      /* stored at finish, from the scorer's results only */
    double percent;           /* with overrides applied now */
    bool passed;              /* percent >= pass_mark and the run was complete */
    bool complete, finished;
    int overrides;
} cp_exam_result;

/* Computes run_id's result (weights from the exam as it was when the run began). Viewing needs
 * the unlock unless the run is the self trainee's or no passphrase is set. */
int cp_records_exam_result(cp_records *db, int64_t run_id, cp_exam_result *out, cp_error *err);

#endif
