/* cp_progress.h - self-study progress and what to practise next: the met rate of each criterion
 * per session over time (counted attempts, overrides applied), and a recommendation of the next
 * scenario that trains the weakest criterion. Read from the records; the recommendation itself
 * is a pure function of the progress and the scenarios (no database, no clock).
 * For the window: cp_records_progress once per view, then the accessors to draw one line per
 * criterion (x = session in order, y = met/total), and cp_recommend with the installed
 * scenarios. */
#ifndef CP_PROGRESS_H
#define CP_PROGRESS_H

#include "cp_records.h"
#include "cp_scenario.h"

typedef struct cp_progress cp_progress;

/* Reads trainee's progress (same view rules as cp_records_sessions). Caller frees. */
cp_progress *cp_records_progress(cp_records *db, int64_t trainee, cp_error *err);
/* Frees a progress; NULL is a no-op. */
void cp_progress_free(cp_progress *p);

/* Criteria seen, sorted by id. */
size_t cp_progress_ncriteria(const cp_progress *p);
const char *cp_progress_criterion(const cp_progress *p, size_t i);
/* Sessions with at least one counted turn, oldest first: their id and scenario id. */
size_t cp_progress_nsessions(const cp_progress *p);
int64_t cp_progress_session(const cp_progress *p, size_t j);
const char *cp_progress_scenario(const cp_progress *p, size_t j);
/* Counted turns of session j where criterion i was in focus (*total) and met (*met). */
void cp_progress_cell(const cp_progress *p, size_t i, size_t j, int *met, int *total);
/* Met rate of criterion i over the last `last` sessions (0 = all); *total gets the turns it
 * counts (may be NULL). Returns -1 when the criterion was never in focus there. */
double cp_progress_rate(const cp_progress *p, size_t i, size_t last, int *total);
/* Sessions of scenario id the trainee played. */
int cp_progress_played(const cp_progress *p, const char *scenario);

/* Sessions that count as "recent" for the weakest criterion. */
#define CP_PROGRESS_RECENT 5

typedef struct cp_recommendation {
    size_t scenario;         /* index into the scenarios given */
    char criterion[96];      /* the weakest criterion it trains */
    double rate;             /* its smoothed met rate (met+1)/(total+2) over recent sessions */
    int weight;              /* how much the scenario trains it (see cp_scenario_trains) */
} cp_recommendation;

/* How much scenario sc trains criterion: per reply node, 2 when the criterion counts there
 * (criteria list, notice for clarity.one_time_notice, or a check) plus 1 when the persona
 * reacts to it at that node. 0 = does not train it. */
int cp_scenario_trains(const cp_scenario *sc, const char *criterion);
/* Picks the next scenario: criteria ranked weakest first by smoothed recent met rate (never
 * practised = 0.5), among the criteria the given scenarios train; for the weakest one that
 * some scenario trains, the scenario that trains it most, ties to the one played least, then
 * the first given. Returns 0 with *out filled, or -1 when no scenario trains anything. */
int cp_recommend(const cp_progress *p, const cp_scenario *const *scs, size_t n,
                 cp_recommendation *out);

#endif
