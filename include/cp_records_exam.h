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

/* ---- Class exams: an assessor assigns, each trainee's seat starts its own run ----
 * An assessor (passphrase) assigns an exam to a 班组 (or one trainee): each member gets an exam
 * ticket tied to the exam as it is now (its hash, scenarios, limits, weights: a changed file
 * cannot change it), with who assigned it, the class and the time. A seat (cp_records_set_self
 * its trainee; no passphrase) lists its open tickets, takes one - which starts exactly that run,
 * once - and plays it as any run (cp_records_exam_of_run, cp_records_session_start(...,
 * CP_MODE_EXAM, run, ...), cp_records_exam_finish). A run that stopped is continued by an
 * assessor (cp_records_exam_resume), never by the seat alone. On a centre's server, row-level
 * security lets a seat start and write only the run of a ticket of its own trainee. The
 * assessor's board (cp_records_exam_board) says where every member stands;
 * cp_records_wait_exam waits for news on a server. */

/* An exam assigned to a trainee. */
typedef struct cp_exam_ticket {
    int64_t id, trainee;
    int64_t run;              /* the run it started, 0 = not started yet */
    bool run_finished;        /* that run has ended */
    char exam[128], title[256];
    char group[128], by[96], at[32];   /* assigned to which 班组 ("" one trainee), by, when */
    size_t nparts;            /* scenarios of the exam */
    int time_limit;           /* seconds per reply */
    double pass_mark;
} cp_exam_ticket;

/* Assigns ex to every trainee of group (when not NULL) or to trainee: one ticket each, by (a
 * name, may be ""). Idempotent: a trainee who already holds a ticket of this exam (its id, any
 * version) not yet started or whose run is unfinished gets none. Needs a set passphrase and the
 * unlock. *made / *kept (may be NULL) get the tickets made and the trainees skipped. A class
 * without trainees is an error naming it. */
int cp_records_exam_assign(cp_records *db, const cp_exam *ex, const char *group, int64_t trainee,
                           const char *by, size_t *made, size_t *kept, cp_error *err);

/* Tickets of trainee (newest first); open_only: those not started. Viewing: as results (the
 * self trainee, or the unlock). Caller frees with free(); NULL with err on failure (none:
 * non-NULL with *n = 0). */
cp_exam_ticket *cp_records_exam_tickets(cp_records *db, int64_t trainee, bool open_only,
                                        size_t *n, cp_error *err);

/* Starts the run of ticket for trainee (no passphrase: the ticket is the assessor's leave).
 * Refused: a ticket of another trainee, an unknown one, one already started (an assessor
 * continues that run with cp_records_exam_resume). *run_id gets the run. */
int cp_records_exam_take(cp_records *db, int64_t ticket, int64_t trainee, int64_t *run_id,
                         cp_error *err);

/* Where a member of a class stands in an assigned exam. */
typedef enum cp_seat_state {
    CP_SEAT_UNASSIGNED,       /* no ticket (of that exam) */
    CP_SEAT_WAITING,          /* assigned, not started */
    CP_SEAT_RUNNING,          /* started, not finished */
    CP_SEAT_FINISHED          /* finished: score, rating, pass/fail */
} cp_seat_state;

typedef struct cp_exam_seat {
    cp_trainee trainee;
    cp_seat_state state;
    int64_t ticket, run;
    char exam[128];
    size_t part, nparts;      /* running: the part being played (1-based; 0 when every part
                               * ended and the run is closing) */
    int replies;              /* running: replies given in that part */
    int resumes;
    double percent, pass_mark;   /* finished: with overrides applied */
    int worst_rating;         /* finished: lowest 好差评 of its endings, 0 none */
    bool complete, passed;
} cp_exam_seat;

/* One entry per member of group (by 工号): their latest ticket of exam (an exam id; NULL = any
 * exam) and where it stands. Needs the unlock when a passphrase is set (other trainees'
 * results). Caller frees with free(); NULL with err (an unknown or empty class is an error). */
cp_exam_seat *cp_records_exam_board(cp_records *db, const char *group, const char *exam,
                                    size_t *n, cp_error *err);
/* True when every assigned member has finished (and at least one was assigned). */
bool cp_exam_board_done(const cp_exam_seat *v, size_t n);
/* The member's line as the board shows it, e.g. "1001  张三  进行中：第 1/2 个情景，已答 3 轮" or
 * "... 已交卷：82.5%，好差评 4/5，通过". Returns buf. */
char *cp_exam_seat_line(const cp_exam_seat *s, char *buf, size_t size);

/* Waits up to ms for news of exams on a server (a ticket, a run started or closed, a part
 * started or ended, a reply recorded): 1 news, 0 none, -1 with err (a file: not supported - a
 * board over a file refreshes on a timer). The first call starts listening; news between calls
 * is kept. */
int cp_records_wait_exam(cp_records *db, int ms, cp_error *err);

#endif
