/* cmd_play.c - `counterpart play SCENARIO`: the window, or the terminal (--tty, or when no
 * display is available, with a one-line notice). The terminal mode reads Chinese from stdin. */
#include "cli.h"
#include "transcript.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cp_session.h"
#include "sdl/window.h"


static int usage(FILE *f, int rc)
{
    fprintf(f,
            "usage: counterpart play [SCENARIO] [--tty] [--resume FILE] [--save FILE]\n"
            "                        [--script FILE] [--screenshot DIR] [--font PATH]\n"
            "                        [--scale X] [--fullscreen] [--trainee NAME]\n"
            "Plays SCENARIO (an id or a .lua path; default: the start screen) in the window.\n"
            "--tty plays in the terminal: type a reply and press Enter; '#2' picks choice 2;\n"
            "      /hint shows a hint, /model the model answer, /save FILE saves, /quit leaves.\n"
            "--resume FILE continues a saved session; --save FILE saves after every reply\n"
            "      (window and terminal alike).\n"
            "--script FILE feeds each line to the window as typed text + Enter; --screenshot DIR\n"
            "      saves a PNG of every screen; the run ends with the scenario or the script.\n"
            "      '#2' picks choice 2. The feedback screen is left with Enter automatically.\n"
            "      A line starting with '!' is a command ('!!' types a literal '!'):\n"
            "        !esc !enter !tab !up !down !left !right !home !end !pgup !pgdn !backspace\n"
            "        !delete !f1 (hint) !f11 (fullscreen) !1..!9, with modifiers: !shift+tab,\n"
            "        !shift+enter, !ctrl+plus, !ctrl+minus, !ctrl+0 - press that key;\n"
            "        !type TEXT - type TEXT without Enter;  !click X Y - left click at window\n"
            "        point X,Y;  !wait MS - pause;  !reload - re-read the scenario file now;\n"
            "        !wait-change MS - wait (at most MS) until the scenario file has been\n"
            "        reloaded once more than at the previous !wait-change.\n"
            "      A screenshot follows every command. Key commands act on the screen showing,\n"
            "      the feedback and end screens included.\n"
            "The window re-reads the scenario file when it changes on disk, keeping the session\n"
            "where it can, and shows a file that fails to load in a panel until it is fixed.\n"
            "Without a display the terminal mode is used, with a notice.\n"
            "exit: 0 ok, 1 bad scenario or file, 2 usage\n");
    return rc;
}

static int play_tty(const char *scen, const char *resume, const char *save)
{
    cp_scorer *scorer = cli_load_scorer();
    cp_scenario *sc = scorer ? cli_load_scenario(scen) : NULL;
    cp_error err = { 0 };
    cp_session *s = NULL;
    if (sc)
        s = resume ? cp_session_load(resume, sc, scorer, &err) : cp_session_new(sc, scorer, &err);
    if (!s) {
        if (sc)
            cli_print_error(&err);
        cp_scenario_free(sc);
        cp_scorer_free(scorer);
        return EXIT_PROBLEM;
    }
    bool color = isatty(STDOUT_FILENO);
    printf("【%s】%s\n%s\n", sc->title, sc->summary ? sc->summary : "", "（输入回复后按回车；/hint 提示，/model 示范回答，/quit 退出）");
    tr_citizen(stdout, s, color);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (!cp_session_ended(s)) {
        printf("\n你> ");
        fflush(stdout);
        if ((n = getline(&line, &cap, stdin)) < 0)
            break;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        const cp_node *nd = cp_session_node(s);
        if (strcmp(line, "/quit") == 0 || strcmp(line, "/q") == 0)
            break;
        if (strcmp(line, "/hint") == 0) {
            printf("提示：%s\n", nd->hint ? nd->hint : "（本轮没有提示）");
            continue;
        }
        if (strcmp(line, "/model") == 0) {
            printf("示范回答：%s\n", nd->model ? nd->model : "（本轮没有示范回答）");
            continue;
        }
        if (strncmp(line, "/save ", 6) == 0) {
            if (cp_session_save(s, line + 6, &err) != 0)
                cli_print_error(&err);
            else
                printf("已保存到 %s\n", line + 6);
            continue;
        }
        if (!line[0] || strlen(line) != (size_t)n)
            continue;
        int choice = cli_choice_of(line);
        if (cp_session_reply(s, choice ? NULL : line, choice, &err) != 0) {
            cli_print_error(&err);
            continue;
        }
        tr_feedback(stdout, cp_session_turn(s, cp_session_nturns(s) - 1), color);
        tr_citizen(stdout, s, color);
        if (save && cp_session_save(s, save, &err) != 0)
            cli_print_error(&err);
    }
    free(line);
    cp_session_free(s);
    cp_scenario_free(sc);
    cp_scorer_free(scorer);
    return 0;
}

int cmd_play(int argc, char **argv)
{
    cp_window_opts o = { .scenarios_dir = cli_scenarios_dir(), .rubrics_dir = cli_rubrics_dir() };
    bool tty = false;
    const char *scen = NULL, *resume = NULL, *save = NULL;
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
            o.trainee = argv[++i];
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
    char *path = scen ? cli_scenario_path(scen) : NULL;
    if (!tty) {
        if (!o.font_path)
            o.font_path = getenv("COUNTERPART_FONT");
        o.scenario_path = path;
        o.resume_path = resume;
        o.save_path = save;
        int rc = cp_window_run(&o);
        if (rc != CP_WINDOW_NO_DISPLAY) {
            free(path);
            return rc == CP_WINDOW_OK ? 0 : EXIT_PROBLEM;
        }
        fprintf(stderr, "counterpart: no display available; playing in the terminal instead.\n");
    }
    if (!path) {
        free(path);
        path = cli_scenario_path("missing_materials");
    }
    int rc = play_tty(path, resume, save);
    free(path);
    return rc;
}
