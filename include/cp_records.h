/* cp_records.h - trainee records in an embedded SQLite database (one machine) or a centre's
 * PostgreSQL server (a postgresql:// URI; the same schema and guarantees): trainees (姓名, 工号, 班组),
 * sessions with every reply committed the moment it is given, per-criterion results,
 * overrides kept beside the automatic result, exam runs, and the assessor passphrase
 * (an Argon2id hash, never the text). Knows nothing of SDL; no Lua.
 *
 * For front ends (the window, the CLI, tests) - the calls a mode needs:
 *   open:       cp_records_default_path, cp_records_open, cp_records_close
 *   who:        cp_records_trainee_add / _find / cp_records_trainees
 *   recording:  cp_records_session_start once, then after every cp_session_reply one
 *               cp_records_turn (returns only when the reply is on disk); cp_records_resume
 *               after a crash; cp_records_retry for self-study "try this turn again"
 *   lock:       cp_records_unlock(passphrase) before exam start, overrides, and viewing results
 *               of anyone but cp_records_set_self's trainee (when a passphrase is set)
 *   views:      cp_records_sessions, cp_records_turns, cp_records_answers_at (案例拆解)
 *   exams:      see cp_records_exam.h (cp_records_exam_begin / _finish / _result / _stop / _resume;
 *               a class exam: cp_records_exam_assign / _tickets / _take / _board, cp_records_wait_exam)
 *   progress:   see cp_progress.h
 * Every call is synchronous and does its own transaction; a handle is for one thread.
 * Ownership: arrays returned by the view calls belong to the caller (free with the matching
 * *_free); strings inside cp_trainee and cp_rec_session are fixed buffers. */
#ifndef CP_RECORDS_H
#define CP_RECORDS_H

#include "cp_common.h"
#include "cp_session.h"

/* PRAGMA application_id of a Counterpart database ("CPTR"). */
#define CP_RECORDS_APP_ID 0x43505452
/* Schema version this program writes (PRAGMA user_version); older files are migrated forward. */
#define CP_RECORDS_VERSION 7
/* Each hint taken before a reply removes this fraction of the turn's max score (never below 0). */
#define CP_HINT_COST 0.25
/* Default wait for another program's write lock before giving up, in milliseconds. */
#define CP_RECORDS_BUSY_MS 5000

typedef struct cp_records cp_records;

/* Training modes a session is recorded under. */
typedef enum cp_mode { CP_MODE_PRACTICE, CP_MODE_CLASSROOM, CP_MODE_EXAM } cp_mode;

/* Name of a mode ("practice", "classroom", "exam"). */
const char *cp_mode_name(cp_mode m);
/* Parses a mode name; returns 0, or -1 for anything else. */
int cp_mode_parse(const char *s, cp_mode *out);

/* ---- Faults ----
 * What went wrong with the last write, for a seat to tell the clerk plainly and decide what to do
 * with the reply it keeps in memory. LOCKED and CONN pass by themselves (wait and retry); FULL,
 * DENIED, AUTH and RESOURCE need a person (free space, a grant, a password) before a retry. */
typedef enum cp_db_fault {
    CP_DBERR_NONE = 0,    /* no failure, or one that is not the database's (bad input, a rule) */
    CP_DBERR_FULL,        /* disk full: SQLITE_FULL, an I/O error with ENOSPC, SQLSTATE 53100 */
    CP_DBERR_DENIED,      /* refused: SQLITE_READONLY/CANTOPEN/PERM, SQLSTATE 42501 (RLS too) */
    CP_DBERR_AUTH,        /* the server refused the login: SQLSTATE 28xxx */
    CP_DBERR_CONN,        /* the server went away: SQLSTATE 08xxx, 57P0x (a driver reconnects) */
    CP_DBERR_LOCKED,      /* another writer holds the lock: SQLITE_BUSY/LOCKED, 55P03, 40xxx */
    CP_DBERR_RESOURCE,    /* the server is out of memory, connections or a limit: 53xxx */
    CP_DBERR_OTHER,       /* any other database error */
} cp_db_fault;

/* The kind of the last database failure on db since its latest write began (CP_DBERR_NONE when
 * that write did not fail for a database reason). */
cp_db_fault cp_records_fault(const cp_records *db);
/* For the seat: zh gets one plain Chinese sentence - the cause, that `subject` (NULL: 这条回答)
 * is not saved yet but kept on this machine, and whom to tell - without the key to press (the
 * front end adds it); tech gets the technical line: the file or server (and login), the SQLite
 * code or SQLSTATE and the backend's words. Returns the kind (both "" for CP_DBERR_NONE). */
cp_db_fault cp_records_fault_text(const cp_records *db, const char *subject, char *zh, size_t zn,
                                  char *tech, size_t tn);
/* True for the kinds that need a person before a retry can succeed (FULL, DENIED, AUTH,
 * RESOURCE): a seat says so and waits for a key instead of retrying by itself. */
bool cp_records_fault_needs_person(cp_db_fault kind);

/* ---- Opening ---- */

/* Writes the default database path into buf: $COUNTERPART_DB, else the `db` line of
 * $XDG_CONFIG_HOME/counterpart/config (~/.config/... without it; `db = postgresql://...` for a
 * centre's server), else $XDG_DATA_HOME/counterpart/records.db, else
 * ~/.local/share/counterpart/records.db.
 * Returns 0, or -1 with err filled (no HOME, path too long). Creates no folder. */
int cp_records_default_path(char *buf, size_t size, cp_error *err);

/* Opens (creating when missing, with its folder) the database at path - or, for a
 * postgresql:// URI (libpq's: service, password file and sslmode come from libpq), the
 * centre's database on a server: the same schema in PostgreSQL, created in an empty database
 * (unless CP_RECORDS_EXISTING), a database with other tables left alone. An existing file is
 * checked before anything is written: not SQLite, cut short or a bad header, another program's
 * SQLite file (application_id), or a newer schema than CP_RECORDS_VERSION get an error naming
 * the file and the file is left untouched. Older schemas are migrated forward in one
 * transaction. busy_ms (<= 0: CP_RECORDS_BUSY_MS) is how long a write waits for another
 * program's lock before failing with "locked". Returns NULL with err filled on failure. */
cp_records *cp_records_open(const char *path, int busy_ms, cp_error *err);
/* cp_records_open with flags: CP_RECORDS_EXISTING opens only a database that is there (reading
 * commands: a mistyped path is an error naming it, never a new empty database). */
#define CP_RECORDS_EXISTING 1u
cp_records *cp_records_open_ex(const char *path, int busy_ms, unsigned flags, cp_error *err);
/* Waiting for a centre's server at opening (cp_records_open_wait). */
typedef struct cp_records_wait {
    int total_ms;   /* give up once this long has passed since the first try (<= 0: no waiting) */
    int first_ms;   /* the first pause (<= 0: 250 ms), doubling up to max_ms (<= 0: 4000 ms); */
    int max_ms;     /* each pause varies by +-25% so that many seats do not knock at once */
    /* told before each pause (may be NULL): the failed tries so far (1, 2, ...), the pause, the
     * time since the first try, and why it failed (the server's or libpq's words) */
    void (*say)(void *arg, int tries, int pause_ms, int waited_ms, const cp_error *why);
    void *arg;
    int attempts;   /* out: the tries that failed and were waited out (0: the first one opened) */
} cp_records_wait;
/* cp_records_open_ex that waits for a server that is away: not reached, starting up, shutting
 * down or restarting (SQLSTATE 57P01/57P02/57P03, class 08, a connection lost while the schema
 * was being read or migrated) - the whole opening (connect, identify, migrate in one
 * transaction) is done again after a pause, until it opens or w->total_ms has passed (then err
 * says how long it waited). What a person must fix - a refused login or password, a missing
 * database or role, another program's database, a file - fails at once, as cp_records_open_ex.
 * Opening writes no records (a migration is all or nothing), so opening again records nothing
 * twice. w NULL: cp_records_open_ex. */
cp_records *cp_records_open_wait(const char *path, int busy_ms, unsigned flags,
                                 cp_records_wait *w, cp_error *err);
/* Checks every page (full: integrity_check, else quick_check) and every reference; opening
 * does not (it would read the whole file each time). Returns 0 sound, 1 with each problem
 * pushed to problems, -1 with err when the check could not run. */
int cp_records_check(cp_records *db, bool full, cp_strlist *problems, cp_error *err);
/* on: every read until the snapshot ends sees the database as it was now (one read
 * transaction: a consistent sheet, and no lock taken per query); off ends it. Not while
 * writing. 0, or -1 with err. */
int cp_records_snapshot(cp_records *db, bool on, cp_error *err);
/* Closes the database; NULL is a no-op. */
void cp_records_close(cp_records *db);
/* The path the handle was opened with (owned by the handle). */
const char *cp_records_path(const cp_records *db);
/* Schema version of the open file (CP_RECORDS_VERSION once opened). */
int cp_records_version(const cp_records *db);
/* True when path is a PostgreSQL URI (postgresql://... or postgres://...), not a file. */
bool cp_records_is_uri(const char *path);
/* The backend of an open handle: "sqlite" or "postgresql". */
const char *cp_records_backend(const cp_records *db);

/* ---- Copying records (a machine's file into the centre's server) ---- */

typedef struct cp_copy_count {
    const char *table;
    int64_t source;     /* rows in the source */
    int64_t added;      /* copied now */
    int64_t matched;    /* already in the target (an earlier copy) */
} cp_copy_count;
typedef struct cp_records_copy_stats {
    cp_copy_count t[16];
    size_t n;
} cp_records_copy_stats;
/* Copies every record of `from` into `to` (any backends): trainees, exams, runs and resumes,
 * sessions, replies, results, overrides, model changes, the passphrase when `to` has none; the
 * times as recorded. Rows already in `to` (matched by natural keys: 工号, session + turn +
 * attempt, ...) are not copied again, so it can run again. Checks that every source row has a
 * row of its own in `to` before committing (one transaction). 0 with st filled, or -1 with err
 * (nothing written). */
int cp_records_copy(cp_records *from, cp_records *to, cp_records_copy_stats *st, cp_error *err);

/* ---- A centre (PostgreSQL) ---- */

/* Waits up to ms for a reply recorded (committed) by any program on the server: 1 with its
 * session's id, 0 when none came, -1 with err (a file: not supported). The first call starts
 * listening; replies committed between calls are not lost. */
int cp_records_wait_turn(cp_records *db, int ms, int64_t *session_id, cp_error *err);

/* On a server: makes (again, harmlessly) the roles counterpart_seat (writes its own trainee's
 * sessions and replies, reads its own history), counterpart_trainer (the whole class, the
 * roster, overrides) and counterpart_assessor (also exams, the passphrase, the learned model),
 * enforced by the server with grants and row-level security. 0, or -1 with err (a file: no
 * roles there). */
int cp_records_centre_init(cp_records *db, cp_error *err);
/* Makes login (created when missing; password, when not NULL, is sent hashed) a member of role
 * "seat", "trainer" or "assessor"; a seat is tied to trainee (a 工号 or id). 0, or -1 with err. */
int cp_records_centre_grant(cp_records *db, const char *login, const char *role,
                            const char *trainee, const char *password, cp_error *err);

/* ---- Trainees ---- */

typedef struct cp_trainee {
    int64_t id;
    char name[128];       /* 姓名 */
    char staff_no[64];    /* 工号, unique */
    char group[128];      /* 班组, "" when none */
} cp_trainee;

/* Adds a trainee; *id (may be NULL) gets the new id. A duplicate 工号, an empty name or 工号,
 * or over-long fields fail with err. */
int cp_records_trainee_add(cp_records *db, const char *name, const char *staff_no,
                           const char *group, int64_t *id, cp_error *err);
/* Finds a trainee by 工号, else (when key is all digits) by id. -1 with err when unknown. */
int cp_records_trainee_find(cp_records *db, const char *key, cp_trainee *out, cp_error *err);
/* Fetches a trainee by id. -1 with err when unknown. */
int cp_records_trainee_get(cp_records *db, int64_t id, cp_trainee *out, cp_error *err);
/* All trainees ordered by 班组 then 工号; *n gets the count. Caller frees the array with free().
 * NULL with err on failure (an empty roster is a non-NULL array with *n = 0). */
cp_trainee *cp_records_trainees(cp_records *db, size_t *n, cp_error *err);

/* ---- Assessor passphrase ---- */

/* True when an assessor passphrase has been set. */
bool cp_records_has_passphrase(cp_records *db);
/* Sets the passphrase (stored as a crypto_pwhash_str Argon2id hash). Changing it needs the
 * current one in old (ignored when none is set). New passphrases need at least 8 bytes. */
int cp_records_passphrase_set(cp_records *db, const char *old, const char *newpass,
                              cp_error *err);
/* Checks pass and, when right, unlocks the assessor calls on this handle. Wrong or missing
 * passphrase: -1 with err (and the handle stays locked). */
int cp_records_unlock(cp_records *db, const char *pass, cp_error *err);
/* Locks the handle again (after an unlock used for one action, e.g. starting an exam). */
void cp_records_lock(cp_records *db);
/* True when assessor calls are allowed: unlocked, or no passphrase set (for views only; exam
 * start and overrides always need a set passphrase and an unlock). */
bool cp_records_unlocked(const cp_records *db);
/* Declares the trainee using this handle (self-study): their own results are viewable without
 * the passphrase. 0 = nobody. */
void cp_records_set_self(cp_records *db, int64_t trainee);

/* ---- Recording ---- */

/* Facts about one reply that the session does not know. Zero-initialise. */
typedef struct cp_turn_meta {
    int hints;            /* hints shown before this reply (refused in exams) */
    int64_t keyboard;     /* trainee at the keyboard (classroom); 0 = the session's trainee */
    int64_t elapsed_ms;   /* time from the citizen's line to submission; 0 = not timed */
    int64_t limit_ms;     /* the reply's time limit; 0 = none */
    bool timed_out;       /* the front end submitted the reply as typed when time ran out */
} cp_turn_meta;

/* Records the start of session s (no turns yet, or a session restored from elsewhere) for
 * trainee in mode; exam_run is the exam run it belongs to (0 outside exams; required for
 * CP_MODE_EXAM). *session_id gets the new id. Idempotent when retried: after a failure, calling
 * it again for the same s, trainee, mode and run (a seat waiting out a lost connection) returns
 * the session the failed call's commit made, if it did, rather than a second one (each start
 * carries a random start key, unique per trainee). */
int cp_records_session_start(cp_records *db, int64_t trainee, const cp_session *s, cp_mode mode,
                             int64_t exam_run, int64_t *session_id, cp_error *err);
/* Records s's last turn (call right after a successful cp_session_reply) with its criteria,
 * meta (NULL = none) and the session's resumable state, in one transaction with
 * synchronous=FULL: when it returns 0 the reply survives a crash. A turn after
 * cp_records_retry is stored as the next attempt of the same turn (the last attempt counts).
 * Refuses a session that is out of step with the database (turn already recorded). */
int cp_records_turn(cp_records *db, int64_t session_id, const cp_session *s,
                    const cp_turn_meta *meta, cp_error *err);
/* Restores session_id as last recorded (for resuming after a crash or quit). The scenario must
 * be the one recorded (same id; a changed file is refused by hash). A session that reached an
 * ending is refused (nothing is left to answer). Caller frees the session. */
cp_session *cp_records_resume(cp_records *db, int64_t session_id, const cp_scenario *sc,
                              const cp_scorer *scorer, cp_error *err);
/* The trainee a session belongs to (no results are read, so no passphrase is needed). */
int cp_records_session_trainee(cp_records *db, int64_t session_id, int64_t *trainee,
                               cp_error *err);
/* Self-study retry: restores session_id to just before its last recorded reply and records
 * that the turn is being retried. Refused for exams and for sessions with no turns. Caller
 * frees the session; give the next reply to it and record it with cp_records_turn. */
cp_session *cp_records_retry(cp_records *db, int64_t session_id, const cp_scenario *sc,
                             const cp_scorer *scorer, cp_error *err);
/* Turn score after hints: max(0, score - hints * CP_HINT_COST * max). */
double cp_hint_penalised(double score, double max, int hints);

/* ---- Views ---- */

/* One session, as history shows it. Scores count the last attempt of each turn, with hints
 * deducted and overrides applied. */
typedef struct cp_rec_session {
    int64_t id, trainee, exam_run;
    char scenario[128], scenario_hash[32], mode[16];
    char started[32], ended[32];    /* ISO 8601 UTC; ended "" while open */
    char outcome[64];               /* ending outcome, "" while open */
    int rating;                     /* 好差评 1..5, 0 while open */
    int turns;                      /* counted turns */
    int attempts;                   /* recorded replies including retried ones */
    int hints;                      /* hints taken, retried attempts included */
    int overrides;                  /* override records on this session's turns */
    double score, max;
    char models[80];                /* the scorer versions of its replies, first used first,
                                     * ", "-joined ("model:<12 hex>" or "rules"); "" when none
                                     * was recorded (replies recorded before schema v4) */
} cp_rec_session;

/* One criterion of a recorded turn. */
typedef struct cp_rec_crit {
    char id[96];
    bool focus;          /* counts at this node (part of the turn's score) */
    bool met_auto;       /* the scorer's result, kept forever */
    int met_override;    /* -1 no override, else 0/1 from the latest override */
    bool met;            /* the result that counts */
    double score, max;   /* automatic score; an override counts as max (met) or 0 */
    char by[96], why[512], at[32];   /* latest override, "" when none */
} cp_rec_crit;

/* One recorded reply. */
typedef struct cp_rec_turn {
    int64_t id;
    int seq, attempt;
    bool counted;        /* the last attempt of its turn */
    char *node, *citizen, *reply, *next;   /* owned by the array (cp_rec_turns_free) */
    int choice, hints, anger, trust;
    double score, max;   /* automatic, over focus criteria */
    double final;        /* with overrides applied and hints deducted */
    int64_t keyboard, elapsed_ms, limit_ms;
    bool timed_out;
    char at[32];
    char model[24];      /* the scorer that graded it: "model:<12 hex>" or "rules"; "" when not
                          * recorded (before schema v4) */
    cp_rec_crit *crit;   /* owned by the array */
    size_t ncrit;
    char *criteria_json; /* the scorer's output as stored (names, evidence, notes); owned;
                          * NULL from cp_records_turns_brief */
} cp_rec_turn;

/* Sessions of trainee, oldest first. Needs the unlock unless trainee is the self trainee or no
 * passphrase is set. Caller frees the array with free(). */
cp_rec_session *cp_records_sessions(cp_records *db, int64_t trainee, size_t *n, cp_error *err);
/* One session's summary (same rules). */
int cp_records_session_get(cp_records *db, int64_t session_id, cp_rec_session *out,
                           cp_error *err);
/* Every recorded reply of a session in order (retried attempts included, counted marks the
 * last). Caller frees with cp_rec_turns_free. */
cp_rec_turn *cp_records_turns(cp_records *db, int64_t session_id, size_t *n, cp_error *err);
/* The same without the stored scorer output (criteria_json NULL; read one turn's with
 * cp_records_turn_criteria_json): for callers that need only the figures, which then skip
 * unpacking every reply's (docs/records.md, compact JSON). */
cp_rec_turn *cp_records_turns_brief(cp_records *db, int64_t session_id, size_t *n, cp_error *err);
/* Frees an array from cp_records_turns or cp_records_answers_at; NULL is a no-op. */
void cp_rec_turns_free(cp_rec_turn *t, size_t n);
/* Case review (案例拆解): the counted replies of every session of scenario at node, one per
 * session, best score first; trainees[i] gets each reply's session trainee (array of *n,
 * caller frees with free()). Needs the unlock when a passphrase is set. */
cp_rec_turn *cp_records_answers_at(cp_records *db, const char *scenario, const char *node,
                                   int64_t **trainees, size_t *n, cp_error *err);
/* The same for a class (班组): the sessions of its members - each seat's own, practice or
 * classroom, whoever recorded them - and the classroom replies its members gave at another's
 * keyboard; exam sessions are left out (their answers are not for class discussion). group ""
 * or NULL: every session, as cp_records_answers_at. */
cp_rec_turn *cp_records_answers_at_group(cp_records *db, const char *scenario, const char *node,
                                         const char *group, int64_t **trainees, size_t *n,
                                         cp_error *err);

/* Lookups for the score sheets and the classroom views. */
/* Ids of other trainees' classroom sessions in which trainee was at the keyboard for some reply,
 * oldest first: ids only (read each with cp_records_session_get, which applies the viewing
 * rules). Caller frees with free(); NULL with err on failure (none: non-NULL with *n = 0). */
int64_t *cp_records_sessions_answered(cp_records *db, int64_t trainee, size_t *n, cp_error *err);
/* The session a recorded reply (cp_rec_turn.id) belongs to. -1 with err when unknown. */
int cp_records_turn_session(cp_records *db, int64_t turn_id, int64_t *session_id, cp_error *err);
/* The scorer's output stored with a recorded reply (the cp_result_json array: names, evidence,
 * notes), under the viewing rules of cp_records_turns. Caller frees; NULL when the turn has none
 * (err untouched) or on failure (err filled). */
char *cp_records_turn_criteria_json(cp_records *db, int64_t turn_id, cp_error *err);
/* Adds the number of override records of session_id's replies to ov[seq], seq 1..maxseq (ov has
 * maxseq + 1 slots), under the viewing rules of cp_records_turns. */
int cp_records_override_counts(cp_records *db, int64_t session_id, int *ov, int maxseq,
                               cp_error *err);

/* ---- Overrides ---- */

/* Adds an override of criterion on turn seq (1-based, its counted attempt) of session_id:
 * met, who (by) and why (non-empty). The automatic result is kept; the latest override counts.
 * Needs a set passphrase and the unlock. *override_id (may be NULL) gets the new id. */
int cp_records_override(cp_records *db, int64_t session_id, int seq, const char *criterion,
                        bool met, const char *by, const char *why, int64_t *override_id,
                        cp_error *err);

/* ---- Trainers' corrections: overrides as labelled in-context examples (records_learn.c) ---- */

/* One earlier line of a recorded conversation. */
typedef struct cp_rec_line {
    const char *who;   /* "citizen" or "clerk" (static strings) */
    char *text;        /* owned by the corrections array */
} cp_rec_line;

/* The latest override of one criterion of one recorded reply, with everything the scorer saw
 * when it graded that reply: derived from the turns and overrides, nothing stored twice. */
typedef struct cp_rec_correction {
    int64_t override_id, turn_id, session_id, trainee;
    int seq;                      /* the turn (1-based) */
    char scenario[128];
    char *node, *citizen, *reply;            /* owned by the array */
    cp_rec_line *history;         /* the session's earlier exchanges (counted attempts), oldest
                                   * first, citizen then clerk; owned by the array */
    size_t nhistory;
    char criterion[96];
    bool met;                     /* the trainer's verdict */
    int met_auto;                 /* the scorer's recorded result (0/1), -1 when not recorded */
    char model[24];               /* the scorer version that gave met_auto ("" not recorded) */
    char by[96], why[512], at[32];   /* who, why and when */
} cp_rec_correction;

/* Every trainer's correction in the records, oldest override first (a criterion overridden twice
 * on the same reply counts once, with its latest verdict). Needs a set passphrase and the
 * unlock. Caller frees with cp_rec_corrections_free; NULL with err on failure (none: non-NULL
 * with *n = 0). */
cp_rec_correction *cp_records_corrections(cp_records *db, size_t *n, cp_error *err);
/* Frees an array from cp_records_corrections; NULL is a no-op. */
void cp_rec_corrections_free(cp_rec_correction *c, size_t n);

/* One change of the local learned scorer model (`counterpart learn`, `--rollback`). */
typedef struct cp_rec_model_change {
    int64_t id;
    char at[32], by[96];
    char action[16];              /* "learn" or "rollback" */
    char old_version[24], new_version[24];   /* "model:<12 hex>" or "rules" */
    int corrections;              /* corrections the new weights were fitted with (learn) */
} cp_rec_model_change;

/* Records a model change (kept, immutable). Needs a set passphrase and the unlock. */
int cp_records_model_change(cp_records *db, const cp_rec_model_change *c, cp_error *err);
/* Every model change, oldest first. Caller frees with free(); NULL with err on failure. */
cp_rec_model_change *cp_records_model_changes(cp_records *db, size_t *n, cp_error *err);

#endif
