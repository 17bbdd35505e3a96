/* cmd_play.c - `counterpart play SCENARIO`: the window, or the terminal (--tty, or when no
 * display is available, with a one-line notice). The terminal mode reads Chinese from stdin.
 * With --trainee (or --resume-session) the window records every reply in the records database
 * (self-study practice, or an exam with --mode exam / --exam); the terminal mode never records
 * (`counterpart practice` and `counterpart exam` do that without a window). */
#include "cli.h"
#include "cli_records.h"
#include "tty.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cp_session.h"
#include "cp_window.h"


/* The script's key commands, from the table the script driver itself reads (cp_window_script_key),
 * wrapped at 80 columns (display width: a Chinese character takes two). */
static void script_keys(FILE *f)
{
    char line[256] = "       ";
    size_t col = 7, at = strlen(line);
    const char *what;
    const char *name;
    for (size_t i = 0; (name = cp_window_script_key(i, &what)); i++) {
        char item[160];
        snprintf(item, sizeof item, " !%s%s%s%s", name, what ? " (" : "", what ? what : "",
                 what ? ")" : "");
        size_t w = 0;
        for (const unsigned char *p = (const unsigned char *)item; *p; p++)
            if ((*p & 0xC0) != 0x80)
                w += *p >= 0xE0 ? 2 : 1;
        if (col + w > 79) {
            fprintf(f, "%s\n", line);
            snprintf(line, sizeof line, "       ");
            col = 7;
            at = strlen(line);
        }
        snprintf(line + at, sizeof line - at, "%s", item);
        at += strlen(item);
        col += w;
    }
    fprintf(f, "%s !1..!9\n", line);
    char mods[128] = "";
    const char *m;
    for (size_t i = 0; (m = cp_window_script_mod(i)); i++)
        snprintf(mods + strlen(mods), sizeof mods - strlen(mods), "%s%s", i ? " " : "", m);
    fprintf(f, "        - press that key; modifiers go before the name (%s):\n"
               "        !shift+tab, !shift+enter, !ctrl+plus, !ctrl+minus, !ctrl+0, !ctrl+1..!ctrl+9\n"
               "        (classroom: who is at the keyboard), !alt+1..!alt+9;\n", mods);
}

static int usage(FILE *f, int rc)
{
    fprintf(f,
            "usage: counterpart play [SCENARIO] [--tty] [--resume FILE] [--save FILE]\n"
            "                        [--script FILE] [--screenshot DIR] [--font PATH]\n"
            "                        [--scale X] [--fullscreen]\n"
            "                        [--trainee ID [--mode practice|exam] [--exam EXAM] [--by NAME]]\n"
            "                        [--resume-session SESSION] [--db PATH]\n"
            "       counterpart play [SCENARIO] --mode classroom [--db PATH] [--group 班组]\n"
            "                        [--by TRAINER] [--export-dir DIR] [--script FILE] ...\n"
            "Plays SCENARIO (an id or a .lua path) in the window, from the start screen with\n"
            "that scenario chosen: its summary and 案情卡 (case brief) show, Enter starts it. F10\n"
            "shows the 案情卡 beside the dialogue and the feedback (in exams it opens by itself;\n"
            "Shift+PgUp/PgDn scroll a long one), or full width on the start screen;\n"
            "Enter answers the hint's cost question when it is open.\n"
            "--trainee ID (工号 or trainee id, see `counterpart trainee`) records every reply in\n"
            "      the records database the moment it is given. Practice: hints (F1) cost %.0f%% of\n"
            "      the turn's points and ask first, F2 on the feedback screen answers the turn\n"
            "      again, F3 on the start and end screens shows progress per criterion and the\n"
            "      next scenario to practise. --mode exam (or --exam EXAM: an id in\n"
            "      <scenarios>/exams/ or a .lua path) opens the exam screen: the assessor types\n"
            "      their name (--by NAME fills it in) and the passphrase, then the exam's\n"
            "      scenarios play with a countdown per reply; at 0 the reply is submitted as\n"
            "      typed. Without --trainee nothing is recorded.\n"
            "      A class exam: when an assessor has assigned an exam to the trainee\n"
            "      (`counterpart exam assign`), the start screen says 考核已开放：… with 考核模式\n"
            "      chosen, and Enter (or --exam of that exam) starts exactly that run - the exam\n"
            "      as assigned, without the passphrase; nothing else is unlocked. In the\n"
            "      terminal: `counterpart exam take --trainee ID`.\n"
            "--resume-session SESSION continues a recorded practice session (after a crash or a\n"
            "      quit; the start screen also offers the newest unfinished one with F2).\n"            "      A reply the records refuse (a full disk, a refused permission, a lost server)\n"
            "      stays in the box with the cause in Chinese and a technical line; Enter retries.\n"
            "--db PATH the records database, a file or a postgresql:// URI (else $COUNTERPART_DB,\n"
            "      else the db line of $XDG_CONFIG_HOME/counterpart/config, else\n"
            "      $XDG_DATA_HOME/counterpart/records.db).\n"
            "--mode classroom: the projector layout; pick the class (班组) or import a roster CSV\n"
            "      (F8), who answers each turn (click a name or Ctrl+1..9; F4 轮流), pause to\n"
            "      discuss (F5, or Space with an empty reply box), 案例拆解 with overrides (F6),\n"
            "      the class's cohort summary and 导出成绩单 (F7), and 全班实时进度 (F12): every\n"
            "      member's seat now - scenario, turn, latest result, how long ago, exams -\n"
            "      updated the moment a seat's reply is committed on a centre's PostgreSQL\n"
            "      server (every 5 s on a file). The session is recorded under the trainee at\n"
            "      the keyboard when it starts; each turn names who answered.\n"
            "--projector large type and high contrast (F9 switches it in any mode).\n"
            "--tty plays in the terminal: the summary and case brief first, then type a reply and\n"
            "      press Enter; '#2' picks choice 2; /case shows the brief again, /hint a hint,\n"
            "      /model the model answer, /save FILE saves, /help the commands, /quit (or\n"
            "      Ctrl-D) leaves. Blank lines, choices that do not exist, unknown commands and\n"
            "      lines that are not UTF-8 are refused and never scored.\n"
            "--resume FILE continues a saved session; --save FILE saves after every reply\n"
            "      (window and terminal alike).\n"
            "--script FILE feeds each line to the window as typed text + Enter; --screenshot DIR\n"
            "      saves a PNG of every screen; the run ends with the scenario or the script.\n"
            "      With SCENARIO the start screen is saved first and left with Enter.\n"
            "      '#2' picks choice 2. The feedback screen is left with Enter automatically.\n"
            "      A line starting with '!' is a command ('!!' types a literal '!'):\n",
            CP_HINT_COST * 100);
    script_keys(f);
    fprintf(f,
            "        !type TEXT - type TEXT without Enter;  !click X Y - left click at window\n"
            "        point X,Y;  !wait MS - pause;  !reload - re-read the scenario file now;\n"
            "        !wait-change MS - wait (at most MS) until the scenario file has been\n"
            "        reloaded once more than at the previous !wait-change;  !wait-live MS - wait\n"
            "        (at most MS) until the room view (F12) has been updated by a seat's reply\n"
            "        once more than at the previous !wait-live.\n"
            "      A screenshot follows every command. Key commands act on the screen showing,\n"
            "      the feedback and end screens included.\n"
            "The window re-reads the scenario file when it changes on disk, keeping the session\n"
            "where it can, and shows a file that fails to load in a panel until it is fixed.\n"
            "Without a display the terminal mode is used, with a notice.\n"
            "exit: 0 ok, 1 bad scenario or file, unknown trainee or session, records problem;\n"
            "      2 usage\n");
    return rc;
}

/* `play --mode classroom`: the window with the classroom layer over the records at dbpath. */
static int play_classroom(cp_window_opts *o, const char *scen, const char *dbpath, bool extra)
{
    if (extra) {
        fprintf(stderr, "counterpart play: --mode classroom takes no --trainee, --exam, --resume,"
                        " --resume-session or --tty (the class is picked in the window)\n");
        return EXIT_USAGE;
    }
    cp_records *db = cli_open_records(dbpath);
    if (!db)
        return EXIT_PROBLEM;
    char *path = scen ? cli_scenario_path(scen) : NULL;
    if (!o->font_path)
        o->font_path = getenv("COUNTERPART_FONT");
    o->scenario_path = path;
    o->class_db = db;
    o->projector = true;
    int rc = cp_window_run(o);
    free(path);
    cp_records_close(db);
    if (rc == CP_WINDOW_NO_DISPLAY) {
        fprintf(stderr, "课堂模式需要显示器（没有显示器时记录课堂练习：counterpart practice "
                        "--mode classroom）。\n");
        return EXIT_PROBLEM;
    }
    return rc == CP_WINDOW_OK ? 0 : EXIT_PROBLEM;
}

int cmd_play(int argc, char **argv)
{
    cp_window_opts o = { .scenarios_dir = cli_scenarios_dir(), .rubrics_dir = cli_rubrics_dir() };
    bool tty = false;
    const char *scen = NULL, *resume = NULL, *save = NULL, *dbpath = NULL, *who = NULL,
               *mode_s = NULL, *exam = NULL;
    long long resume_sid = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool more = i + 1 < argc;
        if (cli_is(a, "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(a, "--tty", NULL))
            tty = true;
        else if (cli_is(a, "--fullscreen", NULL))
            o.fullscreen = true;
        else if (cli_is(a, "--script", NULL) && more)
            o.script_path = argv[++i];
        else if (cli_is(a, "--screenshot", NULL) && more)
            o.screenshot_dir = argv[++i];
        else if (cli_is(a, "--font", NULL) && more)
            o.font_path = argv[++i];
        else if (cli_is(a, "--trainee", NULL) && more)
            who = argv[++i];
        else if (cli_is(a, "--db", NULL) && more)
            dbpath = argv[++i];
        else if (cli_is(a, "--mode", NULL) && more)
            mode_s = argv[++i];
        else if (cli_is(a, "--exam", NULL) && more)
            exam = argv[++i];
        else if (cli_is(a, "--resume-session", NULL) && more) {
            char *end;
            resume_sid = strtoll(argv[++i], &end, 10);
            if (*end || resume_sid <= 0) {
                fprintf(stderr, "counterpart play: --resume-session needs a session number\n");
                return EXIT_USAGE;
            }
        }
        else if (cli_is(a, "--group", NULL) && more)      /* classroom mode */
            o.class_group = argv[++i];
        else if (cli_is(a, "--by", NULL) && more)
            o.class_trainer = argv[++i];
        else if (cli_is(a, "--export-dir", NULL) && more)
            o.export_dir = argv[++i];
        else if (cli_is(a, "--projector", NULL))
            o.projector = true;
        else if (cli_is(a, "--resume", NULL) && more)
            resume = argv[++i];
        else if (cli_is(a, "--save", NULL) && more)
            save = argv[++i];
        else if (cli_is(a, "--scale", NULL) && more) {
            char *end;
            o.scale = strtod(argv[++i], &end);
            if (*end || o.scale < 0.5 || o.scale > 4) {
                fprintf(stderr, "counterpart play: --scale takes a number from 0.5 to 4\n");
                return EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "counterpart play: %s '%s'\n",
                    more ? "unknown option" : "missing value or unknown option", a);
            return usage(stderr, EXIT_USAGE);
        } else if (!scen)
            scen = a;
        else
            return usage(stderr, EXIT_USAGE);
    }
    /* classroom mode: the class layer (engine/ui/ui_class.c) does the recording */
    if (mode_s && !strcmp(mode_s, "classroom"))
        return play_classroom(&o, scen, dbpath, who || exam || resume_sid || resume || tty);
    bool exam_mode = exam || (mode_s && !strcmp(mode_s, "exam"));
    if (o.class_group || o.export_dir || (o.class_trainer && !exam_mode)) {
        fprintf(stderr, "counterpart play: --group and --export-dir are for --mode classroom;"
                        " --by names the trainer (classroom) or the assessor (exam)\n");
        return usage(stderr, EXIT_USAGE);
    }
    if (exam_mode) {   /* --by: the assessor's name, filled in on the exam screen */
        o.assessor = o.class_trainer;
        o.class_trainer = NULL;
    }
    /* records: only with a trainee (or a session that names one) */
    if (mode_s && strcmp(mode_s, "practice") && strcmp(mode_s, "exam")) {
        fprintf(stderr, "counterpart play: --mode is practice or exam\n");
        return usage(stderr, EXIT_USAGE);
    }
    if ((dbpath || mode_s || exam) && !who && !resume_sid) {
        fprintf(stderr, "counterpart play: --db, --mode and --exam need --trainee ID\n");
        return usage(stderr, EXIT_USAGE);
    }
    if (resume_sid && (exam_mode || resume)) {
        fprintf(stderr, "counterpart play: --resume-session continues practice; it takes no --exam,"
                        " --mode exam or --resume\n");
        return usage(stderr, EXIT_USAGE);
    }
    if (exam_mode && scen) {
        fprintf(stderr, "counterpart play: an exam plays its own scenarios; give no SCENARIO\n");
        return usage(stderr, EXIT_USAGE);
    }
    cp_records *db = NULL;
    cp_trainee tr = { 0 };
    char *exam_path = NULL;
    if (who || resume_sid) {
        if (tty) {
            fprintf(stderr, "counterpart play: --tty does not record; use `counterpart practice`"
                            " or `counterpart exam`\n");
            return EXIT_USAGE;
        }
        db = cli_open_records(dbpath);
        if (!db)
            return EXIT_PROBLEM;
        cp_error err = { 0 };
        if (who && cli_find_trainee(db, who, &tr) != 0) {
            cp_records_close(db);
            return EXIT_PROBLEM;
        }
        if (!who && (cp_records_session_trainee(db, resume_sid, &tr.id, &err) != 0 ||
                     cp_records_trainee_get(db, tr.id, &tr, &err) != 0)) {
            cli_print_error(&err);
            cp_records_close(db);
            return EXIT_PROBLEM;
        }
        o.records = db;
        o.trainee_id = tr.id;
        o.trainee = tr.name;
        o.mode = exam_mode ? 1 : 0;
        o.resume_session = resume_sid;
        if (exam)
            exam_path = strchr(exam, '/') || strstr(exam, ".lua")
                            ? cp_xstrdup(exam)
                            : cp_xasprintf("%s/exams/%s.lua", cli_scenarios_dir(), exam);
        o.exam_path = exam_path;
    }
    char *path = scen ? cli_scenario_path(scen) : NULL;
    if (!tty) {
        if (!o.font_path)
            o.font_path = getenv("COUNTERPART_FONT");
        o.scenario_path = path;
        o.resume_path = resume;
        o.save_path = save;
        int rc = cp_window_run(&o);
        if (rc != CP_WINDOW_NO_DISPLAY || db) {
            free(path);
            free(exam_path);
            cp_records_close(db);
            if (rc == CP_WINDOW_NO_DISPLAY)
                fprintf(stderr, "没有可用的显示器：不开窗口、记录成绩的练习请用 counterpart practice，"
                                "考核请用 counterpart exam。\n");
            return rc == CP_WINDOW_OK ? 0 : EXIT_PROBLEM;
        }
        fprintf(stderr, "没有可用的显示器，改在终端里练习。\n");
    }
    if (!path) {
        free(path);
        path = cli_scenario_path("missing_materials");
    }
    int rc = tty_play(path, resume, save);
    free(path);
    return rc;
}
