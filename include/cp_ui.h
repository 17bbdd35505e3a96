/* cp_ui.h - the window's display-free model: screens, the reply box (UTF-8 caret, IME
 * composition), the conversation history and its scroll, choices, feedback, the end report,
 * the Esc menu, and the line breaker. Driven by abstract keys and actions so tests play it
 * without a display; the SDL window (engine/window/) only translates events and draws what this
 * model says. Knows nothing of SDL, fonts or pixels (widths come from a measure callback). */
#ifndef CP_UI_H
#define CP_UI_H

#include "cp_common.h"
#include "cp_exam.h"
#include "cp_records_exam.h"
#include "cp_progress.h"
#include "cp_records.h"
#include "cp_scenario.h"
#include "cp_scorer.h"
#include "cp_session.h"

/* ---- Line breaking ---------------------------------------------------------------------- */

/* Advance width in pixels of one code point in the font the text will be drawn with. */
typedef int (*cp_ui_measure_fn)(void *ud, uint32_t cp);

/* One laid-out line: bytes [start, end) of the text, its width in pixels. */
typedef struct cp_ui_line {
    size_t start, end;
    int width;
} cp_ui_line;

/* A growable list of lines. Zero-initialise; free with cp_ui_lines_free. */
typedef struct cp_ui_lines {
    cp_ui_line *v;
    size_t n, cap;
} cp_ui_lines;

/* Widens the span [*start, *end) of code points of text[0..len) to whole words: words are
 * [ws[i], we[i]) (cp_scorer_words), a digit run stays with the word after it (3号窗口) and
 * before it, a bracket or quotation pair (《》「」（）“”…) is never split, and a span that is
 * exactly a pair's content takes the pair. Leading and trailing spaces and punctuation other
 * than brackets are dropped. False (span unchanged) when nothing but spaces and punctuation is
 * left. */
bool cp_ui_snap_span(const char *text, size_t len, const uint32_t *ws, const uint32_t *we,
                     size_t nw, uint32_t *start, uint32_t *end);

/* Breaks text[0..len) into lines at most width pixels wide (a single character wider than
 * width gets a line of its own). Chinese breaks between any two characters except before
 * closing and after opening punctuation; Latin words stay whole unless longer than a line;
 * '\n' forces a break; spaces at a break hang off the line end. Replaces out's contents. */
void cp_ui_break(const char *text, size_t len, int width, cp_ui_measure_fn measure, void *ud,
                 cp_ui_lines *out);
/* The same, never breaking inside the byte ranges [keep[2k], keep[2k+1]) (k < nkeep) - a
 * highlighted word stays on one line - unless a range is longer than a line. */
void cp_ui_break_keep(const char *text, size_t len, int width, cp_ui_measure_fn measure, void *ud,
                      const size_t *keep, size_t nkeep, cp_ui_lines *out);
/* Frees the lines; leaves out empty and reusable. */
void cp_ui_lines_free(cp_ui_lines *out);
/* Width in pixels of text[0..len) as the breaker measures it (sum of advances). */
int cp_ui_measure_str(const char *text, size_t len, cp_ui_measure_fn measure, void *ud);
/* True when a line may break between code points a and b. */
bool cp_ui_can_break(uint32_t a, uint32_t b);

/* ---- The editable text box ---------------------------------------------------------------- */

/* A UTF-8 edit buffer with a caret (byte offset, always on a code point boundary) and the
 * input method's uncommitted composition, shown at the caret. Zero-initialise; free with
 * cp_ui_edit_free. */
typedef struct cp_ui_edit {
    char *text;          /* committed text, NUL-terminated (never NULL after first use) */
    size_t len, cap;
    size_t caret;        /* byte offset into text */
    char *compose;       /* composition text, "" when none */
    size_t compose_caret;/* caret inside the composition, in bytes */
    size_t max_bytes;    /* 0 = default limit (4000 bytes) */
} cp_ui_edit;

/* Inserts committed UTF-8 text at the caret (malformed bytes become U+FFFD, control characters
 * other than '\n' are dropped, "\r\n" becomes "\n") and clears the composition. False when the
 * limit stopped part of it. */
bool cp_ui_edit_insert(cp_ui_edit *e, const char *s, size_t len);
/* Sets the composition (NULL or "" clears it); cursor is its caret in code points. */
void cp_ui_edit_compose(cp_ui_edit *e, const char *s, int cursor);
/* Deletes the code point before / after the caret. False when nothing was deleted. */
bool cp_ui_edit_backspace(cp_ui_edit *e);
bool cp_ui_edit_delete(cp_ui_edit *e);
/* Moves the caret one code point left / right; to the start / end of its line; to the same
 * column (in code points) on the previous / next line. False when it did not move. */
bool cp_ui_edit_left(cp_ui_edit *e);
bool cp_ui_edit_right(cp_ui_edit *e);
bool cp_ui_edit_home(cp_ui_edit *e);
bool cp_ui_edit_end(cp_ui_edit *e);
bool cp_ui_edit_up(cp_ui_edit *e);
bool cp_ui_edit_down(cp_ui_edit *e);
/* Empties the buffer and the composition. */
void cp_ui_edit_clear(cp_ui_edit *e);
/* The text as displayed: committed text with the composition spliced in at the caret, in a
 * new heap string (caller frees); *caret gets the display caret, *cstart and *cend the composition's
 * byte range (equal when none). Any out-pointer may be NULL. */
char *cp_ui_edit_display(const cp_ui_edit *e, size_t *caret, size_t *cstart, size_t *cend);
/* True when the committed text holds something other than white space. */
bool cp_ui_edit_has_text(const cp_ui_edit *e);
/* Frees the buffers. */
void cp_ui_edit_free(cp_ui_edit *e);

/* ---- The portrait's face ---------------------------------------------------------------- */

/* Shape parameters of the citizen's face, from the node's expression tag and anger/trust.
 * Ranges: -1..1 unless noted. The window draws them; tests check them. */
typedef struct cp_ui_face {
    double brow_tilt;    /* +1 inner ends down (angry), -1 inner ends up (worried) */
    double brow_raise;   /* 0..1 raised (surprise/confusion) */
    double eye_open;     /* 0.2 (squint) .. 1 (wide) */
    double mouth_curve;  /* +1 smile, -1 frown */
    double mouth_open;   /* 0..1 */
    double flush;        /* 0..1 red in the cheeks (anger) */
    bool sweat, tear, question;
} cp_ui_face;

/* Face for an expression tag (NULL or unknown = calm), adjusted by anger and trust (0..100). */
cp_ui_face cp_ui_face_for(const char *expression, int anger, int trust);
/* Chinese word for an expression tag ("平静", "生气", ...). */
const char *cp_ui_expression_name(const char *expression);
/* Chinese words for an outcome and a 好差评 rating (1..5). */
const char *cp_ui_outcome_name(const char *outcome);
const char *cp_ui_rating_name(int rating);
/* How the window refers to the persona in its own text: "他" (gender "male"), "她" ("female"),
 * "对方" otherwise (firms, organisations, or no gender given). NULL gives "对方". */
const char *cp_ui_pronoun(const cp_persona *p);

/* ---- The model -------------------------------------------------------------------------- */

typedef enum cp_ui_screen {
    CP_UI_START,      /* trainee name, scenario list, mode */
    CP_UI_DIALOGUE,   /* portrait, meters, history, reply box */
    CP_UI_FEEDBACK,   /* the last reply's criteria, then the citizen's answer */
    CP_UI_END,        /* outcome, rating, criteria chart, retry / another */
    /* records modes (need cp_ui_set_records) */
    CP_UI_PROGRESS,   /* self-study progress: per criterion over sessions, the recommendation */
    CP_UI_EXAM,       /* exam choice and the assessor's passphrase */
    CP_UI_RESULT      /* an exam run's result: percent, pass/fail, per criterion (read-only) */
} cp_ui_screen;

/* Keys the model understands (the window maps real keys to these). */
typedef enum cp_ui_key {
    CP_UI_KEY_ENTER, CP_UI_KEY_NEWLINE /* Shift+Enter */, CP_UI_KEY_BACKSPACE, CP_UI_KEY_DELETE,
    CP_UI_KEY_LEFT, CP_UI_KEY_RIGHT, CP_UI_KEY_UP, CP_UI_KEY_DOWN, CP_UI_KEY_HOME, CP_UI_KEY_END,
    CP_UI_KEY_PAGEUP, CP_UI_KEY_PAGEDOWN, CP_UI_KEY_ESCAPE, CP_UI_KEY_TAB, CP_UI_KEY_BACKTAB,
    CP_UI_KEY_F1 /* toggle hint */,
    CP_UI_KEY_F2 /* feedback: answer this turn again; start: continue the unfinished session */,
    CP_UI_KEY_F3 /* start and end screens: the progress view */,
    CP_UI_KEY_F10 /* the case brief as a side panel (dialogue, feedback; exams too; the start
                   * screen shows it full width) */
} cp_ui_key;

/* Things a click (or a key) asks for; n is the item for CHOOSE/SELECT/MENU_ITEM. */
typedef enum cp_ui_action {
    CP_UI_ACT_SUBMIT,        /* send the reply box */
    CP_UI_ACT_CHOOSE,        /* pick choice n (1-based) */
    CP_UI_ACT_CONTINUE,      /* leave the feedback screen */
    CP_UI_ACT_RETRY,         /* play the same scenario again */
    CP_UI_ACT_OTHER,         /* back to the start screen */
    CP_UI_ACT_QUIT,
    CP_UI_ACT_MENU,          /* open / close the Esc menu */
    CP_UI_ACT_MENU_ITEM,     /* activate menu item n (0-based) */
    CP_UI_ACT_SELECT,        /* start screen: select scenario n (0-based) */
    CP_UI_ACT_START,         /* start screen: start the selected scenario */
    CP_UI_ACT_MODE,          /* start screen: set mode n (0 practice, 1 exam) */
    CP_UI_ACT_FOCUS,         /* focus field n (see cp_ui_focus) */
    CP_UI_ACT_HINT,          /* show / hide the hint */
    CP_UI_ACT_SCROLL,        /* scroll the history / feedback by n pixels (+ = older) */
    CP_UI_ACT_DISMISS,       /* close the load-error panel (the file stays watched) */
    /* records modes */
    CP_UI_ACT_RETRY_TURN,    /* feedback (practice): take the reply back and answer again */
    CP_UI_ACT_PROGRESS,      /* open the progress view */
    CP_UI_ACT_RECOMMENDED,   /* progress view: start the recommended scenario */
    CP_UI_ACT_RESUME,        /* start screen: continue the unfinished recorded session */
    CP_UI_ACT_EXAM_SELECT,   /* exam screen: select exam n (0-based) */
    CP_UI_ACT_UNLOCK,        /* exam screen: check the passphrase and begin the exam */
    CP_UI_ACT_EXAM_RESUME,   /* exam screen, after the unlock found an unfinished run of the
                              * chosen exam: n = 0 continue it, 1 begin a new run instead */
    CP_UI_ACT_BRIEF,         /* show / hide the case brief's side panel (n = 1 show, 0 hide,
                              * -1 toggle) */
    CP_UI_ACT_BRIEF_SCROLL   /* scroll the case brief's side panel by n pixels (+ = further) */
} cp_ui_action;

/* Start-screen fields, in Tab order. */
typedef enum cp_ui_focus { CP_UI_FOCUS_NAME, CP_UI_FOCUS_LIST, CP_UI_FOCUS_MODE,
                           CP_UI_FOCUS_GO, CP_UI_FOCUS_COUNT } cp_ui_focus;

/* Returned by event functions: bit flags. */
#define CP_UI_CHANGED 1   /* something visible changed: redraw */
#define CP_UI_QUIT 2      /* the user asked to leave */

/* Who said a history entry. */
typedef enum cp_ui_who { CP_UI_CITIZEN, CP_UI_TRAINEE, CP_UI_NOTE } cp_ui_who;

/* One line of the conversation; the layout cache belongs to the window's use of it. */
typedef struct cp_ui_entry {
    cp_ui_who who;
    char *text;
    int turn;            /* index of the turn it belongs to, -1 for the opening */
    cp_ui_lines lines;   /* cached layout (valid when lines_width/lines_gen match) */
    int lines_width;
    unsigned lines_gen;
} cp_ui_entry;

/* One scenario offered on the start screen. */
typedef struct cp_ui_listing {
    char *path, *title, *summary;
    int difficulty;
    char *id;            /* the scenario's id (records name sessions by it) */
    char *brief;         /* its case brief as text (cp_scenario_brief_text), NULL when none */
} cp_ui_listing;

typedef struct cp_ui cp_ui;

/* Creates the model. scorer is borrowed (must outlive it; NULL until cp_ui_set_scorer gives
 * one). scenarios_dir is read for the start
 * screen (NULL = none). Never fails (an unreadable folder gives an empty list and a message). */
cp_ui *cp_ui_new(const cp_scorer *scorer, const char *scenarios_dir);
/* Frees the model and any scenario and session it holds; NULL is a no-op. */
void cp_ui_free(cp_ui *ui);

/* Loads path and starts a session on the dialogue screen. -1 with err on failure (the model
 * stays where it was). */
int cp_ui_open(cp_ui *ui, const char *path, cp_error *err);
/* `play SCENARIO`: the start screen with the scenario at path chosen (put on the list when the
 * folder does not hold it, or in place of the listing with its id): its title, summary and case
 * brief show, Enter starts it. -1 with err when it does not load (the model stays as it was). */
int cp_ui_choose(cp_ui *ui, const char *path, cp_error *err);
/* Loads path and resumes the session saved in session_path (cp_session_load), rebuilding the
 * conversation from its turns. -1 with err on failure (the model stays where it was). */
int cp_ui_resume(cp_ui *ui, const char *path, const char *session_path, cp_error *err);
/* Saves the session to path (atomically) after every reply and every reload; NULL stops.
 * A failed save is shown as the message; the session goes on. The string is copied. */
void cp_ui_set_save(cp_ui *ui, const char *path);
/* Shows err (a scenario that failed to load from path) in an on-screen panel instead of
 * quitting, and remembers path so cp_ui_reload tries it again (resuming session_path, when
 * not NULL, on the first success). */
void cp_ui_show_load_error(cp_ui *ui, const char *path, const char *session_path,
                           const cp_error *err);
/* Re-reads the scenario file being played (or the one that failed to load). Keeps the session
 * where possible: replays the answered turns' replies against the new file when they lead to
 * the same node, else restores the saved turns (cp_session_from_json) when the current node
 * still exists, else starts over with a notice. A file that fails to load shows the load-error
 * panel and keeps the old session underneath. Does nothing on the start screen when no error
 * is pending. Returns CP_UI_* flags. */
int cp_ui_reload(cp_ui *ui);
/* The scenario file to watch for changes (played, or failed to load), or NULL. */
const char *cp_ui_watched_path(const cp_ui *ui);
/* The load error shown in the panel ("file:line: message"), or NULL when none is showing. */
const char *cp_ui_load_error(const cp_ui *ui);
/* A neutral notice (e.g. "情景已重新载入…"), "" when none; cleared by the next reply. */
const char *cp_ui_notice(const cp_ui *ui);
/* Counts reloads attempted by cp_ui_reload (successful or not). */
unsigned cp_ui_reload_count(const cp_ui *ui);
/* The folder the start screen lists scenarios from ("scenarios" when none was given). */
const char *cp_ui_scenarios_dir(const cp_ui *ui);
/* Sets the trainee's name (shown on the start and end screens). */
void cp_ui_set_trainee(cp_ui *ui, const char *name);

/* Committed text from the keyboard or the input method (goes to the focused box). */
int cp_ui_text(cp_ui *ui, const char *s);
/* Composition from the input method (NULL or "" ends it); cursor in code points. */
int cp_ui_compose(cp_ui *ui, const char *s, int cursor);
/* A key press. */
int cp_ui_press(cp_ui *ui, cp_ui_key k);
/* An action (from a click, a number key or the script driver). */
int cp_ui_act(cp_ui *ui, cp_ui_action a, int n);

/* ---- What to draw ---- */

cp_ui_screen cp_ui_screen_now(const cp_ui *ui);
/* The box that has the keyboard: the reply box, or the name box on the start screen; NULL when
 * typing goes nowhere (feedback, end, menu). */
cp_ui_edit *cp_ui_focused_edit(cp_ui *ui);
/* The reply box and the trainee-name box. */
const cp_ui_edit *cp_ui_reply(const cp_ui *ui);
const cp_ui_edit *cp_ui_name(const cp_ui *ui);
/* The scenario and session being played (NULL on the start screen before any). */
const cp_scenario *cp_ui_scenario(const cp_ui *ui);
const cp_session *cp_ui_session(const cp_ui *ui);
/* The conversation so far (citizen lines and replies, in order). */
size_t cp_ui_nentries(const cp_ui *ui);
cp_ui_entry *cp_ui_entry_at(cp_ui *ui, size_t i);
/* Appends an entry (the model does this itself; tests and the benchmark use it to fill). */
void cp_ui_push_entry(cp_ui *ui, cp_ui_who who, const char *text, int turn);
/* History scroll in pixels up from the newest line (0 = showing the newest); the window clamps
 * it to the content with cp_ui_clamp_scroll. Feedback scroll works the same way from the top. */
int cp_ui_scroll(const cp_ui *ui);
void cp_ui_clamp_scroll(cp_ui *ui, int max);
/* Choices offered now (empty on typed-only turns, in exam mode, or when none). */
const cp_strlist *cp_ui_choices(const cp_ui *ui);
/* Hint text when the hint is shown, else NULL. */
const char *cp_ui_hint(const cp_ui *ui);
/* Whether the citizen's anger and trust meters show: not while an exam runs (no meter, score or
 * criterion is shown to the examinee; the citizen's face still changes). */
bool cp_ui_meters_shown(const cp_ui *ui);
/* Mode: 0 practice (hints, choices, model answers), 1 exam (none). */
int cp_ui_mode(const cp_ui *ui);
/* Feedback screen: the turn shown, or NULL. */
const cp_turn *cp_ui_feedback_turn(const cp_ui *ui);
/* Model answer for the node of the feedback turn (NULL in exam mode or when none). */
const char *cp_ui_feedback_model(const cp_ui *ui);

/* ---- The feedback screen, built for one glance (engine/ui/ui_feedback.c) ----
 * What the feedback screen shows, worked out once: one score (the recorded one, any hint
 * deduction inside it), the criteria in focus first, each met or not with its reason, then any
 * conduct rule broken out of focus; the reply's highlights on whole words, each word once:
 * green for words that earned a point, red only for words that broke a rule (conduct), with the
 * rule named; the node's model answer. */

/* One highlight in the reply: bytes [start, end) on word boundaries. */
typedef struct cp_ui_mark {
    size_t start, end;
    bool bad;                 /* true: these words broke a rule (red); false: earned a point */
    const char *rule;         /* the criterion's Chinese name (for red: the rule broken) */
} cp_ui_mark;

/* One criterion as the feedback screen lists it. */
typedef struct cp_ui_fb_item {
    const cp_crit_result *cr; /* borrowed from the turn */
    const char *name;         /* Chinese name */
    bool met;
    bool focus;               /* in the node's focus; false: a conduct rule broken out of it */
    char reason[CP_NOTE_MAX + 128];   /* why: the words that earned it, or what was missing */
} cp_ui_fb_item;

#define CP_UI_MAX_MARKS 48

typedef struct cp_ui_fb {
    const cp_turn *turn;
    int number;               /* 1-based turn number */
    double score, max;        /* the one score shown: the recorded one (after any hint cost) */
    double deducted;          /* what hints took off (0 when none) */
    int hints;
    char score_text[160];     /* 「本轮得分 3.0 / 4.0」, plus 「（含提示扣分 1.0）」 after a hint */
    cp_ui_fb_item items[CP_MAX_CRITERIA];
    size_t nitems, nfocus;    /* the nfocus criteria in focus first (rules broken, the rest
                               * missed, then met) */
    cp_ui_mark marks[CP_UI_MAX_MARKS];
    size_t nmarks;            /* in text order, never overlapping, no two with the same words */
    const char *model;        /* the node's model answer (NULL in exams or when none) */
    int anger, trust;         /* the persona after the reply, and how far it moved */
    int d_anger, d_trust;
} cp_ui_fb;

/* Fills *fb for the turn on the feedback screen. 0, or -1 (fb zeroed) when none shows. */
int cp_ui_feedback_view(const cp_ui *ui, cp_ui_fb *fb);
/* The scorer the model grades with (borrowed). */
const cp_scorer *cp_ui_scorer(const cp_ui *ui);
/* Gives the model its scorer when it was made without one (cp_ui_new(NULL, ...): the window
 * loads the scorer while its first frame is drawn). Before that the start screen works, but no
 * session may start. */
void cp_ui_set_scorer(cp_ui *ui, const cp_scorer *scorer);
/* Expression tag to draw now (node's, or the ending's). */
const char *cp_ui_expression(const cp_ui *ui);
/* Esc menu: open?, its items (Chinese), selected item. */
bool cp_ui_menu_open(const cp_ui *ui);
size_t cp_ui_menu_items(const cp_ui *ui, const char *const **items);
int cp_ui_menu_sel(const cp_ui *ui);
/* Start screen state. */
size_t cp_ui_nlistings(const cp_ui *ui);
const cp_ui_listing *cp_ui_listing_at(const cp_ui *ui, size_t i);
int cp_ui_selected(const cp_ui *ui);
cp_ui_focus cp_ui_focus_now(const cp_ui *ui);
/* End screen: selected button (0 retry, 1 another scenario, 2 quit). */
int cp_ui_end_sel(const cp_ui *ui);
/* The last error shown to the user ("" when none); cleared by the next change. */
const char *cp_ui_message(const cp_ui *ui);
/* Counts every change of screen, so the window (and the script driver) can tell screens
 * apart: incremented on each screen switch and each new turn. */
unsigned cp_ui_screen_serial(const cp_ui *ui);

/* ---- Records, self-study and exams --------------------------------------------------------
 * Without cp_ui_set_records the window works as before: nothing is recorded, hints are free,
 * 考核模式 only hides hints and choices. With records:
 *  - every session is started with cp_records_session_start and every reply recorded with
 *    cp_records_turn right after it is graded (hints taken, elapsed ms, limit, timed out); a
 *    failed write takes the reply back (the session is restored), keeps its text in the box and
 *    says so - Enter tries again;
 *  - practice: a hint costs CP_HINT_COST of the turn's points and asks first (F1 twice), the
 *    feedback screen can answer the turn again (cp_records_retry), the progress view shows each
 *    criterion per session and recommends the next scenario;
 *  - 考核模式 on the start screen leads to the exam screen: choose an exam, the assessor types
 *    the passphrase (cp_records_unlock), the exam's scenarios play in order with a countdown
 *    per reply (no hints, choices or model answers; feedback only when the exam says so); at 0
 *    the reply is submitted as typed with timed_out; then the read-only result screen.
 * Time comes only from cp_ui_tick, so tests drive the clock without sleeping. */

/* Turns recording on for trainee (an id in db; shown by name). db is borrowed and must outlive
 * the model; it becomes the trainee's own handle (cp_records_set_self). Reads the exams in
 * <scenarios_dir>/exams and any unfinished practice session to offer on the start screen. */
void cp_ui_set_records(cp_ui *ui, cp_records *db, int64_t trainee);
/* The records handle, the trainee, and the recorded session being played (0 = none). */
cp_records *cp_ui_records(const cp_ui *ui);
int64_t cp_ui_trainee_id(const cp_ui *ui);
int64_t cp_ui_session_id(const cp_ui *ui);
/* Resumes recorded session session_id (cp_records_resume): finds its scenario on the start
 * screen's list (or at scenario_path when not NULL) and continues where it stopped. Exam
 * sessions are refused (an exam run cannot be re-entered). -1 with err on failure. */
int cp_ui_resume_recorded(cp_ui *ui, int64_t session_id, const char *scenario_path,
                          cp_error *err);
/* Text offering the newest unfinished practice session on the start screen, or NULL. */
const char *cp_ui_resume_offer(const cp_ui *ui);

/* The clock: now_ms from any monotonic source (the window passes SDL_GetTicks). A turn's time
 * starts at the first tick after its citizen line appears. In a timed exam, reaching the limit
 * submits the reply box as typed (timed_out). Returns CP_UI_* flags (CHANGED when the shown
 * second changed or the reply was submitted). */
int cp_ui_tick(cp_ui *ui, int64_t now_ms);
/* Milliseconds left for this reply in a timed exam, -1 when there is no countdown. */
int64_t cp_ui_countdown_ms(const cp_ui *ui);

/* The case brief's side panel is showing (F10 / CP_UI_ACT_BRIEF on the dialogue and feedback
 * screens, practice and exams; it opens by itself at the start of each part of an exam). On
 * the start screen, where the chosen scenario's brief always shows beside the list, F10 shows
 * it the whole screen wide instead of the list. */
bool cp_ui_brief_shown(const cp_ui *ui);
/* How far the side panel's brief is scrolled (pixels from its top; Shift+PgUp/PgDn or the wheel
 * over the panel); the window clamps it to the content it laid out. Back to 0 when it opens. */
int cp_ui_brief_scroll(const cp_ui *ui);
void cp_ui_clamp_brief_scroll(cp_ui *ui, int max);

/* Hints: taken before this reply (each costs CP_HINT_COST with records); true while the
 * "this costs points" question shows (F1, Enter - which then does not send the reply - or
 * CP_UI_ACT_HINT again takes the hint; Esc or CP_UI_ACT_HINT with n = -1 declines). */
int cp_ui_hints_taken(const cp_ui *ui);
bool cp_ui_hint_asking(const cp_ui *ui);
/* Feedback screen: hints taken before the reply shown, and its score after the hint cost. */
int cp_ui_feedback_hints(const cp_ui *ui);
double cp_ui_feedback_final(const cp_ui *ui);
/* True when the feedback screen offers 重答本轮 (practice; with records, or a replayable
 * session without). */
bool cp_ui_can_retry_turn(const cp_ui *ui);

/* Chinese name of a criterion id (the scorer's, else the scenario's checks, else the id). */
const char *cp_ui_criterion_name(const cp_ui *ui, const char *id);

/* Progress view (after CP_UI_ACT_PROGRESS): the trainee's progress (NULL when unreadable; the
 * message says why), the recommendation text ("建议下一个练习：…", "" when none) and the start
 * screen's listing it points to (-1 when none). */
const cp_progress *cp_ui_progress(const cp_ui *ui);
/* For the progress chart's x axis: the day session j of cp_ui_progress (oldest first) started,
 * as 「12-04」 (UTC) in out (at least 16 bytes; "" when unknown). Returns out. */
char *cp_ui_progress_date(const cp_ui *ui, size_t j, char *out);
const char *cp_ui_recommend_text(const cp_ui *ui);
int cp_ui_recommend_listing(const cp_ui *ui);

/* Exams: those found (start screen with records), the one selected, the running one (NULL
 * outside a run), its run id, which of its scenarios plays now (0-based). */
size_t cp_ui_nexams(const cp_ui *ui);
const cp_exam *cp_ui_exam_at(const cp_ui *ui, size_t i);
int cp_ui_exam_selected(const cp_ui *ui);
const cp_exam *cp_ui_exam_running(const cp_ui *ui);
int64_t cp_ui_exam_run(const cp_ui *ui);
size_t cp_ui_exam_part(const cp_ui *ui);
/* Adds the exam file at path to the exam list (if not there) and selects it; shows the exam
 * screen. -1 with err when it does not load (or records are off). */
int cp_ui_choose_exam(cp_ui *ui, const char *path, cp_error *err);
/* The passphrase box on the exam screen (draw it masked). */
const cp_ui_edit *cp_ui_passphrase(const cp_ui *ui);
/* The assessor's name box on the exam screen (recorded with the run as who started or
 * continued it; required), and whether the keyboard is in it rather than in the passphrase. */
const cp_ui_edit *cp_ui_exam_assessor(const cp_ui *ui);
bool cp_ui_exam_name_focused(const cp_ui *ui);
/* Fills the assessor's name in advance (play --assessor); the exam screen then starts in the
 * passphrase box. */
void cp_ui_set_assessor(cp_ui *ui, const char *name);
/* After the unlock, when the trainee has an unfinished run of the chosen exam (its process
 * stopped: killed, crashed, power cut), the exam screen offers 继续未完成的考核 instead of
 * beginning at once: the offer's text (NULL when none), the run, and the highlighted button
 * (0 continue, 1 begin a new run; ↑↓ move, Enter takes it, or CP_UI_ACT_EXAM_RESUME n).
 * Continuing uses the exam as recorded for the run (cp_records_exam_resume): the part in
 * progress goes on from its first unanswered reply, whose time limit starts again, then the
 * remaining parts; the resume is recorded. */
const char *cp_ui_exam_resume_offer(const cp_ui *ui);
int64_t cp_ui_exam_resume_run(const cp_ui *ui);
int cp_ui_exam_resume_sel(const cp_ui *ui);

/* An exam an assessor assigned to this trainee (counterpart exam assign), not started: the start
 * screen's 「考核已开放：…」 text (NULL when none). With it, 考核模式 comes chosen and Enter (or
 * cp_ui_choose_exam of that exam) starts exactly that run without the passphrase - the exam
 * as it was when assigned; nothing else is unlocked. A run once started is not offered again
 * (an assessor continues a stopped one). */
const char *cp_ui_exam_ticket_offer(const cp_ui *ui);

/* One criterion on the result screen: counted turns where it was in focus and met. */
typedef struct cp_ui_crit_stat {
    char id[96];
    int met, total;
    double weight;
} cp_ui_crit_stat;
/* One of the run's scenarios on the result screen, as an assessor files it. */
#define CP_UI_MAX_TIMED 32
typedef struct cp_ui_part_result {
    int64_t session;
    char title[256];          /* the scenario's title (its id only when the file is gone) */
    char ending[256];         /* the ending's Chinese title (「问题解决」); "" when not ended */
    int rating;               /* 好差评 1..5, 0 when not ended */
    double score, max;        /* counted turns, overrides applied */
    int replies;              /* counted replies */
    int timed_out;            /* of them, submitted by the timer */
    int timed_seq[CP_UI_MAX_TIMED];   /* their turn numbers (1-based), the first CP_UI_MAX_TIMED */
} cp_ui_part_result;
/* Result screen: the run's parts in order, the run's date and time (local time, 「2026-12-04 20:31」)
 * and its duration (「12 分 05 秒」) in buffers owned by the model; "" when unknown. */
size_t cp_ui_result_nparts(const cp_ui *ui);
const cp_ui_part_result *cp_ui_result_part(const cp_ui *ui, size_t i);
const char *cp_ui_result_when(const cp_ui *ui);
const char *cp_ui_result_duration(const cp_ui *ui);
/* Result screen: the run's result (cp_records_exam_result), its criteria. NULL / 0 elsewhere. */
const cp_exam_result *cp_ui_exam_result(const cp_ui *ui);
size_t cp_ui_result_ncrit(const cp_ui *ui);
const cp_ui_crit_stat *cp_ui_result_crit(const cp_ui *ui, size_t i);

#endif
