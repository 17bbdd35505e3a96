/* cp_window.h - the SDL2 front end's one entry point, called by `counterpart play`.
 * The only place outside engine/window/ that names the window; no SDL type crosses it. */
#ifndef CP_WINDOW_H
#define CP_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include "cp_records.h"

typedef struct cp_window_opts {
    const char *scenario_path;   /* scenario to open, NULL = start screen */
    const char *scenarios_dir;   /* where the start screen lists scenarios ("scenarios") */
    const char *rubrics_dir;     /* rubric folder for the scorer ("scenarios/rubrics") */
    const char *script_path;     /* --script: feed lines as text input, NULL = interactive */
    const char *screenshot_dir;  /* --screenshot: save a PNG of every screen, NULL = none */
    const char *font_path;       /* --font or $COUNTERPART_FONT, NULL = ask fontconfig */
    const char *trainee;         /* trainee name, NULL = ask on the start screen */
    const char *resume_path;     /* --resume: session file to continue, NULL = a new session */
    const char *save_path;       /* --save: save the session here after every reply, NULL = no */
    double scale;                /* --scale, 0 = automatic */
    /* records (--trainee / --resume-session): all off when records is NULL */
    cp_records *records;         /* borrowed: the caller opens and closes it */
    int64_t trainee_id;          /* the trainee playing (their 姓名 is shown) */
    int mode;                    /* --mode: 0 practice, 1 exam (start on the exam screen) */
    const char *exam_path;       /* --exam: the exam file to select, NULL = choose on screen */
    int64_t resume_session;      /* --resume-session: recorded session to continue, 0 = none */
    const char *assessor;        /* --by in exam mode: the assessor's name, NULL = type it */
    /* classroom mode (--mode classroom; engine/window/sdl_class.c, cp_ui_class.h) */
    cp_records *class_db;        /* borrowed: records for the classroom layer, NULL = off */
    const char *class_group;     /* --group: the class (班组) to start with, NULL = pick on screen */
    const char *class_trainer;   /* --by: the trainer's name on overrides, NULL = "培训师" */
    const char *export_dir;      /* --export-dir: where 导出成绩单 writes, NULL = "score-sheets" */
    bool projector;              /* --projector (classroom mode: always): large type, high contrast */
    bool fullscreen;             /* --fullscreen / F11 */
} cp_window_opts;

#define CP_WINDOW_OK 0
#define CP_WINDOW_ERROR 1        /* message already printed to stderr */
#define CP_WINDOW_NO_DISPLAY 2   /* no display: the caller falls back to the terminal */

/* The i-th key a --script line "!KEY" can press (the script driver's own table), NULL past the
 * last; *what (may be NULL) gets a word on what it does, NULL when plain. Modifiers "ctrl+",
 * "shift+", "alt+" go before a name; "!1".."!9" press a digit. `play --help` lists them. */
const char *cp_window_script_key(size_t i, const char **what);
/* The i-th modifier a script key may carry before its name ("ctrl+"), NULL past the last. */
const char *cp_window_script_mod(size_t i);

/* Runs the window until the user quits or the script ends. */
int cp_window_run(const cp_window_opts *o);

#endif
