/* cp_ui_class.h - the classroom mode's display-free model, layered on the window's model (cp_ui):
 * the class (班组) and its roster (from the records, or a roster CSV imported from the window),
 * who is at the keyboard for each turn (picked, or 轮流 rotation), recording of the class session
 * (cp_records_session_start / cp_records_turn with meta.keyboard), the pause-to-discuss card
 * (the turn's citizen line, criteria in focus with their definitions, the model answer), the
 * case review (案例拆解: every recorded answer at the current node side by side), the trainer's
 * override form (comment required, assessor passphrase when set) and the cohort summary of the
 * group with the export of its score sheets. Knows nothing of SDL, fonts or pixels.
 *
 * Recording: the class model does the recording itself (the cp_ui model is given no records
 * handle in classroom mode): cp_ui_class_sync, called after every event, starts a recorded
 * session (mode classroom) when a new cp_ui session appears and records each new turn.
 * The recorded session belongs to the trainee at the keyboard when the scenario starts (the first
 * to answer); every turn names its own keyboard trainee, so the turn-by-turn record and the case
 * review show who actually answered. No pseudo-trainee is added to the roster. */
#ifndef CP_UI_CLASS_H
#define CP_UI_CLASS_H

#include <cjson/cJSON.h>

#include "cp_records.h"
#include "cp_room.h"
#include "cp_roster.h"
#include "cp_ui.h"

typedef struct cp_ui_class cp_ui_class;

/* What the classroom layer shows over the window's own screens. */
typedef enum cp_class_view {
    CP_CLASS_NONE,      /* the window's screen, with the keyboard panel */
    CP_CLASS_ROSTER,    /* pick the class (班组) or import a roster CSV */
    CP_CLASS_DISCUSS,   /* pause to discuss: full-screen card */
    CP_CLASS_CASES,     /* 案例拆解: answers at this node side by side */
    CP_CLASS_OVERRIDE,  /* the override form (over the case view) */
    CP_CLASS_COHORT,    /* the group's cohort summary and the export action */
    CP_CLASS_ROOM       /* the room: every member's seat now (cp_room), kept up to date */
} cp_class_view;

/* Commands from keys, clicks or the script driver; n as noted. */
typedef enum cp_class_cmd {
    CP_CLASS_CMD_ROSTER,     /* open the roster view */
    CP_CLASS_CMD_GROUP,      /* roster: choose group n (0-based) */
    CP_CLASS_CMD_IMPORT,     /* roster: import the CSV at the path typed */
    CP_CLASS_CMD_FOCUS,      /* focus field n of the view (roster: 0 list 1 path; override:
                                0 met 1 comment 2 passphrase) */
    CP_CLASS_CMD_KEYBOARD,   /* trainee n (0-based in the class) takes the keyboard */
    CP_CLASS_CMD_ROTATE,     /* toggle 轮流 (n < 0), or set it (n = 0 off, 1 on) */
    CP_CLASS_CMD_PAUSE,      /* pause to discuss (dialogue or feedback screen) */
    CP_CLASS_CMD_CASES,      /* open the case review for the current node */
    CP_CLASS_CMD_PAGE,       /* case review: page by n columns (+ right, - left) */
    CP_CLASS_CMD_SELECT,     /* case review: select column n (absolute index into the answers) */
    CP_CLASS_CMD_CRIT,       /* case review: select criterion n of the selected answer */
    CP_CLASS_CMD_OVERRIDE,   /* open the override form for the selected answer and criterion */
    CP_CLASS_CMD_TOGGLE,     /* override form: toggle 达标 / 未达标 */
    CP_CLASS_CMD_CONFIRM,    /* override form: save (cp_records_override) */
    CP_CLASS_CMD_COHORT,     /* open the cohort summary of the class */
    CP_CLASS_CMD_EXPORT,     /* cohort: export the group's score sheets */
    CP_CLASS_CMD_CLOSE,      /* close the view (back one level) */
    CP_CLASS_CMD_SCROLL,     /* scroll the view (discussion card, cohort, room) by n pixels (+ = further) */
    CP_CLASS_CMD_ROOM        /* open the room view of the class (n = 1: close it when open) */
} cp_class_cmd;

/* Creates the classroom layer over ui (borrowed), recording into db (borrowed; must outlive it)
 * with scorer (borrowed, for criterion names and definitions). Starts on the roster view. */
cp_ui_class *cp_ui_class_new(cp_ui *ui, cp_records *db, const cp_scorer *scorer);
/* Frees it; NULL is a no-op. */
void cp_ui_class_free(cp_ui_class *c);
/* The trainer's name used for overrides ("培训师" until set). The string is copied. */
void cp_ui_class_set_trainer(cp_ui_class *c, const char *name);
/* The trainer's name (「培训师」 until set). */
const char *cp_ui_class_trainer(const cp_ui_class *c);
/* How far the view (discussion card, cohort summary) is scrolled, pixels from its top; the window
 * clamps it to what it laid out (CP_CLASS_CMD_SCROLL moves it; 0 when a view opens). */
int cp_ui_class_scroll(const cp_ui_class *c);
void cp_ui_class_clamp_scroll(cp_ui_class *c, int max);
/* The folder exports are written to (default "score-sheets"). The string is copied. */
void cp_ui_class_set_export_dir(cp_ui_class *c, const char *dir);

/* ---- Events (return CP_UI_* flags) ---- */

int cp_ui_class_cmd(cp_ui_class *c, cp_class_cmd cmd, int n);
/* A key while a view is showing (arrows, Enter, Esc, Tab, Backspace...). */
int cp_ui_class_press(cp_ui_class *c, cp_ui_key k);
/* Text for the view's focused field (ignored when none). */
int cp_ui_class_text(cp_ui_class *c, const char *s);
/* An input method's composition (pinyin being typed, not yet committed) for the view's focused
 * field, as cp_ui_compose does for the window's own fields. */
int cp_ui_class_compose(cp_ui_class *c, const char *s, int cursor);
/* Records what happened in the window's model since the last call: a new session is started in
 * the records, each new turn is recorded with the keyboard trainee (then 轮流 moves on). Call
 * after every event. A failed write is shown as the message. */
int cp_ui_class_sync(cp_ui_class *c);

/* ---- State ---- */

cp_class_view cp_ui_class_view(const cp_ui_class *c);
/* Bumped on every change of view, page or selection (the window's screenshot trigger). */
unsigned cp_ui_class_serial(const cp_ui_class *c);
/* Message to show ("" when none): import report, errors, where an export went. */
const char *cp_ui_class_message(const cp_ui_class *c);
/* The field that takes typing now, or NULL. Password fields: see cp_ui_class_edit_secret. */
cp_ui_edit *cp_ui_class_edit(cp_ui_class *c);
bool cp_ui_class_edit_secret(const cp_ui_class *c);
/* The focused field index of the view (see CP_CLASS_CMD_FOCUS). */
int cp_ui_class_focus(const cp_ui_class *c);

/* Roster: groups in the database (sorted), the chosen one ("" none), selection, its members. */
size_t cp_ui_class_ngroups(const cp_ui_class *c);
const char *cp_ui_class_group_at(const cp_ui_class *c, size_t i);
int cp_ui_class_group_sel(const cp_ui_class *c);
const char *cp_ui_class_group(const cp_ui_class *c);
/* Chooses a group by name (-1 with err when nobody is in it). */
int cp_ui_class_choose_group(cp_ui_class *c, const char *group, cp_error *err);
size_t cp_ui_class_nmembers(const cp_ui_class *c);
const cp_trainee *cp_ui_class_member(const cp_ui_class *c, size_t i);
/* The roster path field and the last import's report ("导入 N 人，跳过 M 行") and problems. */
const cp_ui_edit *cp_ui_class_path(const cp_ui_class *c);
const char *cp_ui_class_import_report(const cp_ui_class *c);
size_t cp_ui_class_nproblems(const cp_ui_class *c);
const char *cp_ui_class_problem(const cp_ui_class *c, size_t i);
/* Imports the roster CSV at path into the records and refreshes the groups (the window's
 * import action uses the path field). -1 with err when the file cannot be read as a roster. */
int cp_ui_class_import(cp_ui_class *c, const char *path, cp_error *err);

/* Keyboard: index of the member at the keyboard (-1 when no class), 轮流 on?, the recorded
 * session (0 none) and the trainee it belongs to. */
int cp_ui_class_keyboard(const cp_ui_class *c);
bool cp_ui_class_rotating(const cp_ui_class *c);
int64_t cp_ui_class_session(const cp_ui_class *c);
int64_t cp_ui_class_session_trainee(const cp_ui_class *c);

/* Discussion card: the node's citizen line, model answer (NULL when none), criteria in focus. */
typedef struct cp_class_crit {
    const char *id, *name, *desc;   /* borrowed (scorer / scenario); desc "" when none */
} cp_class_crit;
const char *cp_ui_class_discuss_citizen(const cp_ui_class *c);
const char *cp_ui_class_discuss_model(const cp_ui_class *c);
const char *cp_ui_class_discuss_node(const cp_ui_class *c);
size_t cp_ui_class_discuss_ncrit(const cp_ui_class *c);
const cp_class_crit *cp_ui_class_discuss_crit(const cp_ui_class *c, size_t i);
/* Definition (rubric desc) of a criterion id, "" when none; name as the window shows it. */
const char *cp_ui_class_crit_desc(const cp_ui_class *c, const char *id);
const char *cp_ui_class_crit_name(const cp_ui_class *c, const char *id);

/* Case review (and the cohort view, when its records are locked: cp_ui_class_locked then
 * holds for it too, and Enter unlocks with the field's passphrase).
 * Case review: the answers (best first), who gave each, the evidence of each criterion (re-graded
 * from the stored reply; spans in code points), first column shown, selected column/criterion,
 * columns per page (the window sets it, 2..4). Locked records show a passphrase field instead. */
size_t cp_ui_class_ncases(const cp_ui_class *c);
const cp_rec_turn *cp_ui_class_case(const cp_ui_class *c, size_t i);
const char *cp_ui_class_case_who(const cp_ui_class *c, size_t i);
const cp_crit_result *cp_ui_class_case_eval(const cp_ui_class *c, size_t i, const char *crit);
size_t cp_ui_class_case_first(const cp_ui_class *c);
size_t cp_ui_class_case_sel(const cp_ui_class *c);
size_t cp_ui_class_crit_sel(const cp_ui_class *c);
void cp_ui_class_set_per_page(cp_ui_class *c, int n);
int cp_ui_class_per_page(const cp_ui_class *c);
bool cp_ui_class_locked(const cp_ui_class *c);
/* The node's id (for the records; never shown), the turn number the answers were given at
 * (1-based) and the citizen's line there, which head the case review. */
const char *cp_ui_class_case_node(const cp_ui_class *c);
int cp_ui_class_case_turn(const cp_ui_class *c);
const char *cp_ui_class_case_citizen(const cp_ui_class *c);
/* "原判 未达标 → 改判 达标 · 王老师: 理由" for an overridden criterion, NULL otherwise; in a buffer
 * owned by c, valid until the next call. */
const char *cp_ui_class_override_text(cp_ui_class *c, const cp_rec_crit *k);

/* Override form: the answer and criterion, the result to set, the comment, the passphrase
 * (shown only when one is set and the handle is locked). */
const cp_rec_turn *cp_ui_class_ov_turn(const cp_ui_class *c);
const cp_rec_crit *cp_ui_class_ov_crit(const cp_ui_class *c);
bool cp_ui_class_ov_met(const cp_ui_class *c);
const cp_ui_edit *cp_ui_class_ov_why(const cp_ui_class *c);
const cp_ui_edit *cp_ui_class_ov_pass(const cp_ui_class *c);
bool cp_ui_class_ov_needs_pass(const cp_ui_class *c);

/* Cohort summary (from a score-sheet document's "cohort", docs/export-schema.md). */
typedef struct cp_class_cohort_crit {
    char id[96], name[128];
    int n;
    double mean, sd, min, max;
} cp_class_cohort_crit;
typedef struct cp_class_below {
    char name[128], staff_no[64];
    double percent;
} cp_class_below;
typedef struct cp_class_cohort {
    char label[256];
    int trainees;
    int with_record;             /* trainees with a counted turn (= trainees in older documents) */
    double pass_mark;
    cp_class_cohort_crit *crit;
    size_t ncrit;
    char (*weakest)[128];        /* names of the weakest criteria */
    size_t nweakest;
    cp_class_below *below;
    size_t nbelow;
    cp_class_below *norec;       /* cohort.no_record: no counted turn, not a fail (percent 0) */
    size_t nnorec;
} cp_class_cohort;
/* Reads the cohort of doc (a score-sheet document) into out (replacing its contents). -1 with
 * err naming the member when it is missing or mistyped. Free with cp_class_cohort_free. */
int cp_class_cohort_read(const cJSON *doc, cp_class_cohort *out, cp_error *err);
void cp_class_cohort_free(cp_class_cohort *co);
/* The cohort shown (NULL when the view could not be built; the message says why). */
const cp_class_cohort *cp_ui_class_cohort(const cp_ui_class *c);
/* True when the cohort shown has nothing to summarise yet: no member of the class has a counted
 * answer (or the class has no members). The summary then makes no claim about criteria or the
 * pass mark; cp_ui_class_cohort_status says so plainly. */
bool cp_ui_class_cohort_empty(const cp_ui_class *c);
/* One plain sentence on the state of the summary: "" when it has answers to show; else why there
 * is nothing to summarise ("一班 共 3 名学员，还没有人作答，暂无可汇总的内容。"). Owned by c. */
const char *cp_ui_class_cohort_status(const cp_ui_class *c);
/* Exports the chosen group's score sheets as .json .csv .xlsx .pdf (signed, written atomically)
 * into dir (created when missing); the message lists the files. -1 with err on failure. */
int cp_ui_class_export(cp_ui_class *c, const char *dir, cp_error *err);
/* The files written by the last export (paths), for the window to list. */
size_t cp_ui_class_nexported(const cp_ui_class *c);
const char *cp_ui_class_exported(const cp_ui_class *c, size_t i);

/* ---- The room (实时课堂): every member of the class, where they stand now ----
 * Every seat of a centre records to the same server; the trainer's window shows the class's
 * members, each with the session they worked on last today (cp_records_room). The window gives
 * the clock (the model reads none): now (Unix seconds) for "how long ago", since (ISO 8601 UTC,
 * the local day's start) for "today". cp_ui_class_room_refresh reads the records again - the
 * window calls it when the server tells of a committed reply (cp_records_wait_turn, on a thread
 * with its own handle), after this window recorded a turn, or on a slow timer on SQLite. */
void cp_ui_class_set_clock(cp_ui_class *c, long long now, const char *since);
/* Reads the room again when its view is showing (or when force). live: the refresh was told of
 * by the records (counted by cp_ui_class_room_live when the snapshot changed). CP_UI_CHANGED when
 * what the view shows changed (the serial moves then). */
int cp_ui_class_room_refresh(cp_ui_class *c, bool live, bool force);
/* The snapshot shown (NULL before the view was opened or when it could not be read: the message
 * says why, or cp_ui_class_locked asks for the passphrase). */
const cp_room *cp_ui_class_room(const cp_ui_class *c);
/* Live refreshes that changed the room, since the class layer was made. */
unsigned cp_ui_class_room_live(const cp_ui_class *c);

/* One member's row, as text (display-free). */
typedef enum cp_room_state {
    CP_ROOM_IDLE,        /* 未开始: nothing today */
    CP_ROOM_ACTIVE,      /* a session under way */
    CP_ROOM_ENDED,       /* the session reached an ending */
    CP_ROOM_EXAM,        /* an exam run under way */
    CP_ROOM_EXAM_DONE    /* the exam run finished */
} cp_room_state;
typedef struct cp_class_room_row {
    cp_room_state state;
    char name[128], staff_no[64];
    char scenario[256];   /* the scenario's Chinese title ("" when idle) */
    char mode[32];        /* 「练习」「课堂」「考核」 ("" when idle) */
    char progress[320];   /* 「第 3 轮作答中」「已结束：问题解决 · 好差评 4/5」「考核进行中（第 1/2 部分） · 第 3 轮」
                           * 「考核已结束：通过 · 得分 82%」 */
    char result[256];     /* the latest reply: 「第 2 轮 78% · 达成 3 项，未达成 1 项」 ("" none) */
    char ago[64];         /* 「3 分钟前」; 「未开始」 when idle */
    int percent;          /* the latest reply's score in %, -1 when none */
} cp_class_room_row;
/* Row i of the room (false when out of range). */
bool cp_ui_class_room_row(const cp_ui_class *c, size_t i, cp_class_room_row *out);
/* One line over the rows: 「一班 共 3 人 · 今天 2 人已开始」. Owned by c. */
const char *cp_ui_class_room_summary(cp_ui_class *c);

#endif
