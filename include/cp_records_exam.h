/* cp_records_exam.h - exam runs in the records: starting and finishing a run, its result with
 * overrides applied, the list of runs, where a stopped run stands and continuing it; and the
 * meta of a timed exam reply.
 *
 * For front ends: load the exam (cp_exam.h), cp_records_unlock, cp_records_exam_begin, then for
 * each scenario cp_records_session_start(..., CP_MODE_EXAM, run, ...) and per reply: start a
 * timer when the citizen's line appears, show cp_exam_remaining_ms(ex, elapsed) as the
 * countdown, and when it reaches 0 submit the text as typed with meta.timed_out = true (the core
 * never reads a clock; cp_exam_turn_meta fills the meta). No hints; feedback only when
 * ex->feedback. Finally cp_records_exam_finish, and cp_records_exam_result for the score (with
 * overrides). */
#ifndef CP_RECORDS_EXAM_H
#define CP_RECORDS_EXAM_H

#include "cp_common.h"
#include "cp_exam.h"
#include "cp_records.h"

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
    bool passed;              /* percent >= pass_mark, the run was complete and every ending
                               * rated >= min_rating */
    int min_rating;           /* the exam's outcome rule (1..5), 0 for runs recorded before it */
    int worst_rating;         /* lowest 好差评 of the run's ended scenarios, 0 when none */
    bool outcome_ok;          /* worst_rating meets min_rating (true when there is no rule) */
    bool complete, finished;
    int overrides;
    int resumes;              /* times the run was continued after its process stopped */
} cp_exam_result;

/* Computes run_id's result (weights from the exam as it was when the run began). Viewing needs
 * the unlock unless the run is the self trainee's or no passphrase is set. */
int cp_records_exam_result(cp_records *db, int64_t run_id, cp_exam_result *out, cp_error *err);

/* Exam runs of trainee (0 = every trainee) and of exam id exam (NULL = any), oldest first, as
 * cp_records_exam_result gives them. Needs the unlock unless trainee is the self trainee or no
 * passphrase is set. *n gets the count; caller frees the array with free(). NULL with err on
 * failure (none is a non-NULL array with *n = 0). */
cp_exam_result *cp_records_exam_runs(cp_records *db, int64_t trainee, const char *exam,
                                     size_t *n, cp_error *err);

/* A run of an exam, as listed for a score sheet: its id and start time (ISO 8601 UTC). */
typedef struct cp_exam_run_ref {
    int64_t id;
    char started[32];
} cp_exam_run_ref;

/* Every run of exam id `exam` (all versions of its file), oldest first: ids and start times only
 * (read each with cp_records_exam_result, which applies the viewing rules). Caller frees with
 * free(); NULL with err on failure (none: non-NULL with *n = 0). */
cp_exam_run_ref *cp_records_exam_run_refs(cp_records *db, const char *exam, size_t *n,
                                          cp_error *err);
/* Ids of run_id's sessions, in the order they were played (read each with
 * cp_records_session_get). Caller frees with free(); NULL with err on failure. */
int64_t *cp_records_exam_run_sessions(cp_records *db, int64_t run_id, size_t *n, cp_error *err);

/* ---- Resuming a run whose process stopped ----
 * Every reply is on disk the moment it is given, but a run whose process died has no end.
 * An assessor continues it: cp_records_unlock, cp_records_exam_stop to see where it stopped,
 * load the scenario of the part in progress, cp_records_exam_resume (restores that session
 * and records the resume), play on from there and through the remaining parts exactly as a
 * new run would (cp_records_session_start(..., CP_MODE_EXAM, run, ...) for each), then
 * cp_records_exam_finish. The exam itself comes from the records (cp_records_exam_of_run),
 * so a changed exam file cannot change a run already under way. */

/* One of an exam's scenarios ("part") within a run, as recorded. */
typedef struct cp_exam_part {
    char scenario[128];   /* scenario id, from the exam as it was when the run began */
    int64_t session;      /* its recorded session, 0 = not started */
    int replies;          /* replies recorded in that session */
    bool done;            /* the session reached an ending */
} cp_exam_part;

/* Where a run stands. parts is owned by the struct: free with cp_exam_stop_free. */
typedef struct cp_exam_stop {
    int64_t run, trainee;
    char exam[128];
    bool finished;        /* the run has ended: its result is final and it cannot be resumed */
    cp_exam_part *parts;  /* one per scenario of the exam, in order */
    size_t nparts;
    size_t current;       /* first part not done: in progress when parts[current].session != 0,
                           * not started otherwise; == nparts when every part ended */
    int resumes;          /* resumes recorded so far */
} cp_exam_stop;

/* Reads where run_id stands (same viewing rule as cp_records_exam_result). Sessions are matched
 * to the exam's scenarios in order; a run whose sessions do not fit its exam is an error. */
int cp_records_exam_stop(cp_records *db, int64_t run_id, cp_exam_stop *out, cp_error *err);
/* Frees stop's parts (the struct itself is the caller's); NULL is a no-op. */
void cp_exam_stop_free(cp_exam_stop *stop);

/* The exam as it was when run_id began (scenarios, time limit, weights, pass mark, feedback),
 * rebuilt from the records; path names the database and run. Caller frees with cp_exam_free. */
cp_exam *cp_records_exam_of_run(cp_records *db, int64_t run_id, cp_error *err);

/* Continues unfinished run_id. Needs a set passphrase and the unlock (a trainee cannot stop the
 * program to win time unnoticed); a finished run is refused. When the run stopped inside a part
 * (cp_records_exam_stop's parts[current].session != 0), sc must be that part's scenario: its
 * session is restored with cp_records_resume (a changed scenario file is refused by hash) into
 * *session and continues from its first unanswered reply; otherwise *session = NULL and the
 * caller starts part `current` (or, when every part ended, only finishes the run). Only when all
 * this succeeds is the resume recorded: by (a name, may be ""), the time, the part, and the reply
 * that was in progress - never answered; its time limit starts again. *stop (may be NULL) gets
 * where the run continues, resumes counted. Caller frees *session. */
int cp_records_exam_resume(cp_records *db, int64_t run_id, const char *by, const cp_scenario *sc,
                           const cp_scorer *scorer, cp_session **session, cp_exam_stop *stop,
                           cp_error *err);

#endif
