/* cp_room.h - the room: where every member of a class (班组) stands now, read from the records
 * (a trainer's live view of a centre's seats, each recording to the same server): per member
 * the session they worked on last since a moment (today), its scenario, the turn they are on,
 * their latest reply's result (score, criteria met and missed, or the ending and its rating),
 * when it was given, and the exam run that session belongs to. A snapshot: read again when the
 * records change (cp_records_wait_turn tells of each committed reply on a server).
 * Knows nothing of SDL or of scenario files (titles are the front end's). */
#ifndef CP_ROOM_H
#define CP_ROOM_H

#include "cp_records.h"
#include "cp_records_exam.h"

/* One member of the class. */
typedef struct cp_room_seat {
    cp_trainee who;
    int64_t session;          /* the session worked on last since `since`; 0 = nothing since */
    char scenario[128];       /* its scenario id ("" when none) */
    char mode[16];            /* "practice", "classroom" or "exam" */
    char started[32];         /* ISO 8601 UTC */
    char last_at[32];         /* the latest activity: its latest reply's time, else started */
    int turns;                /* counted turns recorded (the turn on is turns + 1 until ended) */
    bool ended;
    char outcome[64];         /* the ending's outcome ("" while open) */
    int rating;               /* 好差评 1..5, 0 while open */
    /* its latest reply (has_reply false before the first) */
    bool has_reply;
    int seq, attempt;         /* the reply's turn (1-based) and attempt (> 1: answered again) */
    double percent;           /* its score with hints and overrides, % of the turn's maximum;
                               * -1 when nothing was in focus (max 0) */
    int met, missed;          /* criteria in focus met / missed (overrides applied) */
    /* the exam run the session belongs to (exam_run 0 outside exams) */
    int64_t exam_run;
    char exam_title[256];
    bool exam_finished, exam_passed, exam_complete;
    double exam_percent;      /* with overrides; meaningful once finished */
    int exam_part, exam_parts;   /* this session's part of the exam (1-based) of how many;
                                  * 0 when the run's record cannot say */
} cp_room_seat;

typedef struct cp_room {
    char group[128];
    char since[32];
    cp_room_seat *seats;      /* one per member, ordered by 工号 */
    size_t n;
    size_t active;            /* members with a session since `since` */
} cp_room;

/* Reads the room of group: every member (none: -1 with err naming the class), each with the
 * session they worked on last (its latest reply, or its start) at or after since (ISO 8601 UTC,
 * "2026-12-05T00:00:00Z"; "" = ever), in any mode. Other trainees' results: needs the unlock
 * when a passphrase is set (-1 with err). out is replaced; free with cp_room_free. */
int cp_records_room(cp_records *db, const char *group, const char *since, cp_room *out,
                    cp_error *err);
void cp_room_free(cp_room *r);

/* Seconds from an ISO 8601 UTC time ("2026-12-05T06:47:18Z", fraction allowed) to now (Unix
 * seconds); -1 when iso cannot be read. */
long long cp_room_age(const char *iso, long long now);
/* "刚刚", "5 秒前", "3 分钟前", "2 小时前", "昨天" ... for an age in seconds (-1: ""). */
void cp_room_age_text(long long age, char *buf, size_t size);

#endif
