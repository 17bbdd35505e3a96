/* cmd_exam.c - `counterpart exam start EXAM --trainee ID` runs an exam (scenarios in order, a
 * time limit per reply, no hints, feedback only if the exam allows it) and records it;
 * `counterpart exam resume RUN` continues a run whose process stopped, from its first unanswered
 * reply, exactly as `start` would have gone on; `counterpart exam result RUN` shows a run's
 * weighted score with overrides applied; `counterpart exam list` lists runs with their state.
 * A class exam: `exam assign EXAM --group 班组` (assessor) gives each member a ticket for the
 * exam as it is now; `exam take [EXAM] --trainee ID` (the trainee's seat, no passphrase) starts
 * and plays exactly that run; `exam watch --group 班组` (assessor) shows every member's line,
 * updated as the server reports each reply, part and result (a file: refreshed on a timer).
 * All but take need the assessor passphrase. Timing: typed replies are timed with the monotonic clock; a
 * scripted run (--replies) takes each reply's time from --elapsed so tests need no clock. */
#include "cli_records.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cp_records_exam.h"
#include "cp_session.h"

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart exam start EXAM --trainee ID [--replies FILE] [--elapsed S1,S2,...]\n"
        "                              [--by NAME] [--db PATH] [--passphrase-file FILE]\n"
        "       counterpart exam resume RUN [--replies FILE] [--elapsed S1,S2,...] [--by NAME]\n"
        "                              [--db PATH] [--passphrase-file FILE]\n"
        "       counterpart exam result RUN [--db PATH] [--passphrase-file FILE]\n"
        "       counterpart exam list [--trainee ID] [--exam EXAM] [--db PATH] [--passphrase-file FILE]\n"
        "       counterpart exam assign EXAM (--group 班组 | --trainee ID) [--by NAME] [--db PATH]\n"
        "                              [--passphrase-file FILE]\n"
        "       counterpart exam take [EXAM] --trainee ID [--replies FILE] [--elapsed S1,...] [--db PATH]\n"
        "       counterpart exam watch --group 班组 [--exam EXAM] [--once] [--interval S] [--db PATH]\n"
        "                              [--passphrase-file FILE]\n"
        "start runs EXAM (an id in <scenarios>/exams/ or a .lua path) for trainee ID (工号 or id):\n"
        "its scenarios in order, one reply per line ('#2' picks choice 2; in a FILE blank and '--'\n"
        "lines are skipped; no hints). Each reply is\n"
        "recorded as it is given with its time; a reply given at or after the time limit is\n"
        "submitted as typed and marked timed out. Replies come from the terminal (timed by the\n"
        "clock) or from --replies FILE, whose n-th reply took the n-th --elapsed value in seconds\n"
        "(missing values: 0). Ends with the weighted score and pass/fail.\n"
        "resume continues run RUN whose process stopped (killed, crashed, power cut): the exam as\n"
        "it was when the run began, from the first unanswered reply of the part in progress, then\n"
        "the remaining parts, replies and --elapsed as for start. The reply that was being typed\n"
        "when it stopped was never recorded; its time limit starts again. Each resume is recorded\n"
        "(who, when, where); a finished run cannot be resumed.\n"
        "result prints a run's score with overrides applied beside the automatic one, and how often\n"
        "it was resumed. list prints runs (oldest first): run, 工号, 姓名, exam, started, state\n"
        "(进行中 = unfinished, can be resumed; 已完成 = finished, every part answered; 未完成 =\n"
        "finished early), then the part reached or the score, and resumes; --trainee and --exam\n"
        "(an exam id such as window_basics) narrow it.\n"
        "A class exam (考核 for a whole 班组, one PC per trainee):\n"
        "assign (assessor) gives every member of 班组 (or one trainee) the exam as the file is now:\n"
        "its scenarios, limits and weights are kept, so a changed file changes no assigned exam.\n"
        "Recorded with who assigned it (--by) and when. Assigning again skips members whose\n"
        "assignment has not started or whose run is still open.\n"
        "take (the trainee, at their seat; no passphrase) shows 考核已开放 and starts the exam an\n"
        "assessor assigned to trainee ID (EXAM picks one when several are open), replies as for\n"
        "start. It starts that run once; a run that stopped is continued by an assessor (resume).\n"
        "Nothing else is unlocked. On a centre's server the seat's login can start and write only\n"
        "runs assigned to its own trainee (the server refuses anything else).\n"
        "watch (assessor) prints one line per member of 班组 - 未开始 / 进行中：第 k/n 个情景，已答 t\n"
        "轮 / 已交卷：score，好差评，通过 or 未通过 - and again as it changes: on a server at once\n"
        "(the server tells of every reply and result), on a file every --interval seconds\n"
        "(default 2). On a terminal the board is redrawn; otherwise each change is one more line.\n"
        "Ends when every assigned member has finished, or on q / Ctrl-C; --once prints it once.\n"
        "All but take need the assessor passphrase (--passphrase-file, $COUNTERPART_PASSPHRASE, prompt).\n"
        "exit: 0 done (pass or fail), 1 a problem (exam file, passphrase, database), 2 usage\n");
    return rc;
}

static char *exam_path(const char *arg)
{
    if (strchr(arg, '/') || strstr(arg, ".lua"))
        return cp_xstrdup(arg);
    return cp_xasprintf("%s/exams/%s.lua", cli_scenarios_dir(), arg);
}

static void print_result(const cp_exam_result *r)
{
    printf("exam run %lld %s: %.1f%% (automatic %.1f%%, pass mark %.0f%%)%s %s%s\n",
           (long long)r->id, r->exam, r->percent, r->auto_percent, r->pass_mark,
           r->complete ? "" : " incomplete", r->passed ? "passed" : "failed",
           r->overrides ? "  * overrides applied" : "");
    if (r->resumes)
        printf("resumes %d（中断后续考 %d 次）\n", r->resumes, r->resumes);
    if (!r->outcome_ok)
        printf("outcome: an ending rated %d/5, below the exam's %d/5（结局评价 %d/5 低于考试要求的 %d/5，不通过）\n",
               r->worst_rating, r->min_rating, r->worst_rating, r->min_rating);
}

typedef struct exam_play {
    cp_records *db;
    const cp_exam *ex;
    const cp_scorer *scorer;
    FILE *in;
    const char *replies;     /* NULL: the terminal */
    const char *elapsed;     /* comma list, advanced as used */
    int lineno;
    int64_t run, trainee;
} exam_play;

/* Next reply time in ms: from --elapsed when scripted, else measured from since_ns. */
static int64_t next_elapsed(exam_play *e, uint64_t since_ns)
{
    if (!e->replies)
        return (int64_t)((cp_now_ns() - since_ns) / 1000000);
    if (!e->elapsed || !*e->elapsed)
        return 0;
    char *end;
    double s = strtod(e->elapsed, &end);
    e->elapsed = *end == ',' ? end + 1 : end;
    return s > 0 ? (int64_t)(s * 1000 + 0.5) : 0;
}

/* Plays recorded session sid (s, of scenario sc) on from where it is; 1 = reached its ending,
 * 0 = replies ran out, -1 = error (printed). Frees s and sc. */
static int play_session(exam_play *e, cp_scenario *sc, cp_session *s, int64_t sid)
{
    cp_error err = { 0 };
    int ret = 0;
    char *line = NULL;
    size_t cap = 0;
    while (!cp_session_ended(s)) {
        if (!e->replies) {
            printf("\n%s: %s\n", sc->persona.name, cp_session_citizen(s));
            if (e->ex->time_limit)
                printf("(%d s) > ", e->ex->time_limit);
            fflush(stdout);
        }
        uint64_t t0 = cp_now_ns();
        ssize_t n = getline(&line, &cap, e->in);
        if (n < 0)
            break;
        e->lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (e->replies && cli_skip_line(line))
            continue;
        if (line[0] == '/') {
            fprintf(stderr, "counterpart: %s:%d: no hints or commands in exams; line ignored\n",
                    e->replies ? e->replies : "stdin", e->lineno);
            continue;
        }
        cp_turn_meta meta = cp_exam_turn_meta(e->ex, next_elapsed(e, t0));
        int choice = cli_choice_of(line);
        if (cp_session_reply(s, choice ? NULL : line, choice, &err) != 0 ||
            cp_records_turn(e->db, sid, s, &meta, &err) != 0) {
            cli_print_error(&err);
            ret = -1;
            break;
        }
        const cp_turn *t = cp_session_turn(s, cp_session_nturns(s) - 1);
        printf("recorded session %lld turn %zu elapsed %.1fs%s\n", (long long)sid,
               cp_session_nturns(s), meta.elapsed_ms / 1000.0,
               meta.timed_out ? " timed out: submitted as typed" : "");
        if (e->ex->feedback) {
            printf("  score %.1f/%.1f\n", t->score, t->max);
            for (size_t k = 0; k < t->result.n; k++)
                if (!t->result.crit[k].met && t->result.crit[k].note[0])
                    printf("  - %s: %s\n", t->result.crit[k].name, t->result.crit[k].note);
        }
        fflush(stdout);
    }
    if (ret == 0 && cp_session_ended(s))
        ret = 1;
    free(line);
    cp_session_free(s);
    cp_scenario_free(sc);
    return ret;
}

/* Plays one scenario in a new recorded session; as play_session. */
static int play_scenario(exam_play *e, const char *id)
{
    cp_scenario *sc = cli_load_scenario(id);
    if (!sc)
        return -1;
    cp_error err = { 0 };
    int64_t sid = 0;
    cp_session *s = cp_session_new(sc, e->scorer, &err);
    if (!s || cp_records_session_start(e->db, e->trainee, s, CP_MODE_EXAM, e->run, &sid, &err) != 0) {
        cli_print_error(&err);
        cp_session_free(s);
        cp_scenario_free(sc);
        return -1;
    }
    printf("scenario %s session %lld\n", sc->id, (long long)sid);
    return play_session(e, sc, s, sid);
}

/* Plays parts from.. of the exam, then closes the run and prints its result. ok: the part
 * before `from` reached its ending (or from == 0). Returns the exit code. */
static int play_parts(exam_play *e, size_t from, bool ok)
{
    bool complete = ok;
    for (size_t i = from; complete && i < e->ex->scenarios.n; i++)
        if (play_scenario(e, e->ex->scenarios.v[i]) != 1)
            complete = false;
    cp_error err = { 0 };
    cp_exam_result res;
    if (cp_records_exam_finish(e->db, e->run, complete, &err) != 0 ||
        cp_records_exam_result(e->db, e->run, &res, &err) != 0) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    print_result(&res);
    return 0;
}

/* Opens the reply source: FILE, "-" or NULL (stdin). NULL with the error printed. */
static FILE *open_replies(const char *replies)
{
    FILE *in = !replies ? stdin : strcmp(replies, "-") == 0 ? stdin : fopen(replies, "rb");
    if (!in)
        fprintf(stderr, "counterpart: %s: cannot open the reply file\n", replies);
    return in;
}

static int exam_start(const char *name, const char *who, const char *replies, const char *elapsed,
                      const char *by, const char *dbpath, const char *passf)
{
    cp_error err = { 0 };
    char *path = exam_path(name);
    cp_exam *ex = cp_exam_load(path, &err);
    free(path);
    if (!ex) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    FILE *in = open_replies(replies);
    if (!in) {
        cp_exam_free(ex);
        return EXIT_PROBLEM;
    }
    int rc = EXIT_PROBLEM;
    cp_scorer *scorer = NULL;
    cp_trainee tr;
    cp_records *db = cli_open_records(dbpath);
    if (!db || cli_unlock(db, passf) != 0 || cli_find_trainee(db, who, &tr) != 0)
        goto out;
    if (!(scorer = cli_load_scorer()))
        goto out;
    exam_play e = { .db = db, .ex = ex, .scorer = scorer, .in = in, .replies = replies,
                    .elapsed = elapsed, .trainee = tr.id };
    if (cp_records_exam_begin(db, ex, tr.id, cli_actor(by), &e.run, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    printf("exam run %lld: %s for %s %s (%zu scenarios, %d s per reply)\n", (long long)e.run,
           ex->title, tr.staff_no, tr.name, ex->scenarios.n, ex->time_limit);
    fflush(stdout);
    rc = play_parts(&e, 0, true);
out:
    if (in != stdin)
        fclose(in);
    cp_scorer_free(scorer);
    cp_records_close(db);
    cp_exam_free(ex);
    return rc;
}

static int exam_resume(int64_t run, const char *replies, const char *elapsed, const char *by,
                       const char *dbpath, const char *passf)
{
    cp_error err = { 0 };
    int rc = EXIT_PROBLEM;
    cp_scorer *scorer = NULL;
    cp_exam *ex = NULL;
    cp_scenario *sc = NULL;
    cp_session *s = NULL;
    cp_exam_stop stop = { 0 };
    FILE *in = NULL;
    cp_records *db = cli_open_records_existing(dbpath);
    if (!db || cli_unlock(db, passf) != 0)
        goto out;
    if (!(ex = cp_records_exam_of_run(db, run, &err)) ||
        cp_records_exam_stop(db, run, &stop, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    if (stop.finished) {
        fprintf(stderr, "counterpart: %s: exam run %lld has finished; its result is final and it"
                        " cannot be resumed\n", cp_records_path(db), (long long)run);
        goto out;
    }
    bool open = stop.current < stop.nparts && stop.parts[stop.current].session;
    if (open && !(sc = cli_load_scenario(stop.parts[stop.current].scenario)))
        goto out;
    if (!(scorer = cli_load_scorer()) || !(in = open_replies(replies)))
        goto out;
    cp_exam_stop_free(&stop);
    if (cp_records_exam_resume(db, run, cli_actor(by), sc, scorer, &s, &stop, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    cp_trainee tr;
    if (cp_records_trainee_get(db, stop.trainee, &tr, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    exam_play e = { .db = db, .ex = ex, .scorer = scorer, .in = in, .replies = replies,
                    .elapsed = elapsed, .trainee = stop.trainee, .run = run };
    size_t done = 0;
    for (size_t i = 0; i < stop.nparts; i++)
        done += stop.parts[i].done;
    printf("exam run %lld resumed (resume %d, by %s): %s for %s %s, %zu of %zu scenarios done\n",
           (long long)run, stop.resumes, cli_actor(by), ex->title, tr.staff_no, tr.name, done,
           stop.nparts);
    bool ok = true;
    size_t from = stop.current;
    if (s) {
        const cp_exam_part *p = &stop.parts[stop.current];
        printf("scenario %s session %lld resumed at turn %d; the reply in progress when it stopped"
               " was not answered: its time starts again\n", p->scenario, (long long)p->session,
               p->replies + 1);
        fflush(stdout);
        ok = play_session(&e, sc, s, p->session) == 1;
        sc = NULL;
        s = NULL;
        from++;
    }
    fflush(stdout);
    rc = play_parts(&e, from, ok);
out:
    if (in && in != stdin)
        fclose(in);
    cp_session_free(s);
    cp_scenario_free(sc);
    cp_exam_stop_free(&stop);
    cp_exam_free(ex);
    cp_scorer_free(scorer);
    cp_records_close(db);
    return rc;
}

static int exam_list(const char *who, const char *exam, const char *dbpath, const char *passf)
{
    cp_error err = { 0 };
    int rc = EXIT_PROBLEM;
    cp_trainee tr = { 0 };
    cp_exam_result *v = NULL;
    size_t n = 0;
    cp_records *db = cli_open_records_existing(dbpath);
    if (!db || cli_unlock(db, passf) != 0 || (who && cli_find_trainee(db, who, &tr) != 0))
        goto out;
    if (!(v = cp_records_exam_runs(db, tr.id, exam, &n, &err))) {
        cli_print_error(&err);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const cp_exam_result *r = &v[i];
        cp_trainee t;
        if (cp_records_trainee_get(db, r->trainee, &t, &err) != 0) {
            cli_print_error(&err);
            goto out;
        }
        printf("%lld\t%s\t%s\t%s\t%s\t", (long long)r->id, t.staff_no, t.name, r->exam,
               r->started);
        if (r->finished) {
            printf("%s\t%.1f%% %s%s", r->complete ? "已完成" : "未完成", r->percent,
                   r->passed ? "通过" : "未通过",
                   r->outcome_ok ? "" : "（结局评价低于要求）");
        } else {
            cp_exam_stop st;
            if (cp_records_exam_stop(db, r->id, &st, &err) != 0) {
                printf("进行中\t?\n");
                cli_print_error(&err);
                goto out;
            }
            if (st.current < st.nparts)
                printf("进行中\t第 %zu/%zu 部分，已答 %d 轮", st.current + 1, st.nparts,
                       st.parts[st.current].replies);
            else
                printf("进行中\t各部分均已答完，待结束");
            cp_exam_stop_free(&st);
        }
        printf("\t中断后续考 %d 次\n", r->resumes);
    }
    rc = 0;
out:
    free(v);
    cp_records_close(db);
    return rc;
}

/* ---- A class exam: assign, take, watch ---- */

static int exam_assign(const char *name, const char *group, const char *who, const char *by,
                       const char *dbpath, const char *passf)
{
    cp_error err = { 0 };
    char *path = exam_path(name);
    cp_exam *ex = cp_exam_load(path, &err);
    free(path);
    if (!ex) {
        cli_print_error(&err);
        return EXIT_PROBLEM;
    }
    int rc = EXIT_PROBLEM;
    cp_trainee tr = { 0 };
    size_t made = 0, kept = 0;
    cp_records *db = cli_open_records(dbpath);
    if (!db || cli_unlock(db, passf) != 0 || (who && cli_find_trainee(db, who, &tr) != 0))
        goto out;
    if (cp_records_exam_assign(db, ex, group, tr.id, cli_actor(by), &made, &kept, &err) != 0) {
        cli_print_error(&err);
        goto out;
    }
    printf("exam %s assigned to %s%s: %zu new, %zu already assigned and open"
           "（考核已指派：新指派 %zu 人，已有未完成的指派 %zu 人）\n", ex->id,
           group ? "班组 " : "", group ? group : tr.staff_no, made, kept, made, kept);
    rc = 0;
out:
    cp_records_close(db);
    cp_exam_free(ex);
    return rc;
}

static int exam_take(const char *name, const char *who, const char *replies, const char *elapsed,
                     const char *dbpath)
{
    cp_error err = { 0 };
    int rc = EXIT_PROBLEM;
    cp_trainee tr;
    cp_exam_ticket *tk = NULL;
    cp_exam *ex = NULL;
    cp_scorer *scorer = NULL;
    FILE *in = NULL;
    size_t n = 0;
    cp_records *db = cli_open_records_existing(dbpath);
    if (!db || cli_find_trainee(db, who, &tr) != 0)
        goto out;
    cp_records_set_self(db, tr.id);
    if (!(tk = cp_records_exam_tickets(db, tr.id, false, &n, &err))) {
        cli_print_error(&err);
        goto out;
    }
    const cp_exam_ticket *t = NULL;
    size_t matching = 0;
    for (size_t i = 0; i < n; i++)
        if (!tk[i].run && (!name || strcmp(tk[i].exam, name) == 0)) {
            matching++;
            if (!t)
                t = &tk[i];
        }
    for (size_t i = 0; !t && i < n; i++)
        if (tk[i].run && !tk[i].run_finished && (!name || strcmp(tk[i].exam, name) == 0)) {
            fprintf(stderr, "counterpart: %s: exam %s of %s %s has already started as exam run %lld;"
                            " a run is started once - an assessor continues it with `counterpart exam"
                            " resume %lld`（考核已开始过，中断后请考官继续）\n", cp_records_path(db),
                    tk[i].exam, tr.staff_no, tr.name, (long long)tk[i].run, (long long)tk[i].run);
            goto out;
        }
    if (!t) {
        fprintf(stderr, "counterpart: %s: no exam%s%s is open for %s %s（没有为你开放的考核%s%s；"
                        "考核由考官用 counterpart exam assign 指派）\n", cp_records_path(db),
                name ? " " : "", name ? name : "", tr.staff_no, tr.name, name ? "：" : "",
                name ? name : "");
        goto out;
    }
    if (matching > 1 && !name) {
        fprintf(stderr, "counterpart: %zu exams are open for %s; name one（有 %zu 项考核开放，请指定）:\n",
                matching, tr.staff_no, matching);
        for (size_t i = 0; i < n; i++)
            if (!tk[i].run)
                fprintf(stderr, "  counterpart exam take %s --trainee %s   # %s\n", tk[i].exam,
                    tr.staff_no, tk[i].title);
        rc = EXIT_USAGE;
        goto out;
    }
    printf("考核已开放：%s（%zu 个情景，每轮限时 %d 秒，及格 %.0f%%；%s 指派于 %.16s）\n", t->title,
           t->nparts, t->time_limit, t->pass_mark, t->by[0] ? t->by : "考官", t->at);
    fflush(stdout);
    if (!(in = open_replies(replies)) || !(scorer = cli_load_scorer()))
        goto out;
    int64_t run = 0;
    if (cp_records_exam_take(db, t->id, tr.id, &run, &err) != 0 ||
        !(ex = cp_records_exam_of_run(db, run, &err))) {
        cli_print_error(&err);
        goto out;
    }
    exam_play e = { .db = db, .ex = ex, .scorer = scorer, .in = in, .replies = replies,
                    .elapsed = elapsed, .trainee = tr.id, .run = run };
    printf("exam run %lld: %s for %s %s (%zu scenarios, %d s per reply)\n", (long long)run,
           ex->title, tr.staff_no, tr.name, ex->scenarios.n, ex->time_limit);
    fflush(stdout);
    rc = play_parts(&e, 0, true);
out:
    if (in && in != stdin)
        fclose(in);
    free(tk);
    cp_exam_free(ex);
    cp_scorer_free(scorer);
    cp_records_close(db);
    return rc;
}

static volatile sig_atomic_t watch_stop;
static void on_interrupt(int sig) { (void)sig, watch_stop = 1; }

/* Waits up to ms for a key on a terminal's stdin (not a terminal: just waits); true for q. */
static bool key_quit(int ms, bool tty)
{
    struct pollfd p = { .fd = 0, .events = POLLIN };
    if (!tty) {
        if (ms > 0)
            poll(NULL, 0, ms);
        return false;
    }
    if (poll(&p, 1, ms) > 0) {
        char c = 0;
        if (read(0, &c, 1) == 1 && (c == 'q' || c == 'Q'))
            return true;
    }
    return false;
}

static int exam_watch(const char *group, const char *exam, bool once, double interval,
                      const char *dbpath, const char *passf)
{
    cp_error err = { 0 };
    int rc = EXIT_PROBLEM;
    cp_exam_seat *prev = NULL, *cur = NULL;
    size_t nprev = 0, n = 0;
    cp_records *db = cli_open_records_existing(dbpath);
    if (!db || cli_unlock(db, passf) != 0)
        goto out;
    bool server = !once && cp_records_wait_exam(db, 0, &err) >= 0;  /* listening from here */
    cp_error_clear(&err);
    bool redraw = isatty(1), keys = !once && isatty(0);
    struct termios saved;
    if (keys && tcgetattr(0, &saved) == 0) {
        struct termios raw = saved;
        raw.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
        raw.c_cc[VMIN] = 0;
        raw.c_cc[VTIME] = 0;
        tcsetattr(0, TCSANOW, &raw);
    } else {
        keys = false;
    }
    struct sigaction sa = { .sa_handler = on_interrupt };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (!once)
        printf("考核进度：班组 %s%s%s（%s；q 或 Ctrl-C 退出）\n", group, exam ? "，" : "",
               exam ? exam : "", server ? "记录服务器实时推送" : "记录文件，定时刷新");
    for (;;) {
        if (!(cur = cp_records_exam_board(db, group, exam, &n, &err))) {
            cli_print_error(&err);
            break;
        }
        bool first = !prev, changed = first || n != nprev;
        for (size_t i = 0; !changed && i < n; i++) {
            char a[512], b[512];
            changed = strcmp(cp_exam_seat_line(&cur[i], a, sizeof a),
                             cp_exam_seat_line(&prev[i], b, sizeof b)) != 0;
        }
        if (redraw && !once && !first && changed)
            printf("\033[H\033[J考核进度：班组 %s%s%s\n", group, exam ? "，" : "", exam ? exam : "");
        for (size_t i = 0; i < n; i++) {
            char a[512], b[512];
            cp_exam_seat_line(&cur[i], a, sizeof a);
            if (!first && (!changed || (!redraw && i < nprev &&
                                        strcmp(a, cp_exam_seat_line(&prev[i], b, sizeof b)) == 0)))
                continue;
            printf("%s\n", a);
        }
        fflush(stdout);
        free(prev);
        prev = cur;
        nprev = n;
        cur = NULL;
        bool done = cp_exam_board_done(prev, nprev);
        if (once || done) {
            if (done) {
                size_t fin = 0, passed = 0;
                for (size_t i = 0; i < nprev; i++) {
                    fin += prev[i].state == CP_SEAT_FINISHED;
                    passed += prev[i].passed;
                }
                if (!once)
                    printf("全部交卷：%zu 人，通过 %zu 人\n", fin, passed);
            }
            rc = 0;
            break;
        }
        /* wait for news (a server) or the next refresh (a file), watching for q and Ctrl-C */
        bool news = false, quit = false;
        int64_t waited = 0, limit = (int64_t)(interval * 1000);
        while (!news && !quit && !watch_stop && (server || waited < limit)) {
            if (server) {
                int w = cp_records_wait_exam(db, keys ? 100 : 250, &err);
                if (w < 0) {
                    cli_print_error(&err);
                    quit = true;
                    rc = EXIT_PROBLEM;
                    break;
                }
                news = w == 1;
                quit = keys && key_quit(0, true);
            } else {
                quit = key_quit(100, keys);
                waited += 100;
            }
        }
        /* a burst of news (every reply of a seat) is read as one */
        while (news && server && cp_records_wait_exam(db, 0, &err) == 1)
            ;
        if (quit || watch_stop) {
            if (!quit || rc != EXIT_PROBLEM)
                rc = 0;
            break;
        }
    }
    if (keys)
        tcsetattr(0, TCSANOW, &saved);
out:
    free(prev);
    free(cur);
    cp_records_close(db);
    return rc;
}

/* A run id argument; 0 when not a positive number. */
static int64_t run_arg(const char *s)
{
    char *end;
    long long run = strtoll(s, &end, 10);
    return *end || run <= 0 ? 0 : run;
}

int cmd_exam(int argc, char **argv)
{
    const char *dbpath = NULL, *passf = NULL, *who = NULL, *replies = NULL, *elapsed = NULL,
               *by = NULL, *exam = NULL, *group = NULL, *pos[2] = { 0 };
    int npos = 0;
    bool once = false;
    double interval = 2;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--db", NULL) && i + 1 < argc)
            dbpath = argv[++i];
        else if (cli_is(argv[i], "--passphrase-file", NULL) && i + 1 < argc)
            passf = argv[++i];
        else if (cli_is(argv[i], "--trainee", "-t") && i + 1 < argc)
            who = argv[++i];
        else if (cli_is(argv[i], "--replies", "-r") && i + 1 < argc)
            replies = argv[++i];
        else if (cli_is(argv[i], "--elapsed", NULL) && i + 1 < argc)
            elapsed = argv[++i];
        else if (cli_is(argv[i], "--by", NULL) && i + 1 < argc)
            by = argv[++i];
        else if (cli_is(argv[i], "--exam", NULL) && i + 1 < argc)
            exam = argv[++i];
        else if (cli_is(argv[i], "--group", "-g") && i + 1 < argc)
            group = argv[++i];
        else if (cli_is(argv[i], "--once", NULL))
            once = true;
        else if (cli_is(argv[i], "--interval", NULL) && i + 1 < argc) {
            char *end;
            interval = strtod(argv[++i], &end);
            if (*end || !(interval >= 0.1 && interval <= 3600)) {
                fprintf(stderr, "counterpart exam: --interval takes seconds from 0.1 to 3600\n");
                return EXIT_USAGE;
            }
        }
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "counterpart exam: unknown option '%s'\n", argv[i]);
            return usage(stderr, EXIT_USAGE);
        } else if (npos < 2)
            pos[npos++] = argv[i];
        else
            return usage(stderr, EXIT_USAGE);
    }
    if (npos >= 1 && strcmp(pos[0], "assign") == 0) {
        if (npos != 2 || !group == !who || replies || elapsed || exam || once) {
            fprintf(stderr, "counterpart exam assign: give EXAM and one of --group 班组 or --trainee ID\n");
            return usage(stderr, EXIT_USAGE);
        }
        return exam_assign(pos[1], group, who, by, dbpath, passf);
    }
    if (npos >= 1 && strcmp(pos[0], "take") == 0) {
        if (!who || group || by || exam || once || passf) {
            fprintf(stderr, "counterpart exam take: give --trainee ID (the exam an assessor assigned;"
                            " no passphrase)\n");
            return usage(stderr, EXIT_USAGE);
        }
        return exam_take(npos == 2 ? pos[1] : NULL, who, replies, elapsed, dbpath);
    }
    if (npos == 1 && strcmp(pos[0], "watch") == 0) {
        if (!group || who || replies || elapsed || by) {
            fprintf(stderr, "counterpart exam watch: give --group 班组 (and --exam EXAM to pick one)\n");
            return usage(stderr, EXIT_USAGE);
        }
        return exam_watch(group, exam, once, interval, dbpath, passf);
    }
    if (group || once) {
        fprintf(stderr, "counterpart exam: --group is for assign and watch, --once for watch\n");
        return usage(stderr, EXIT_USAGE);
    }
    if (npos == 2 && strcmp(pos[0], "start") == 0 && who && !exam)
        return exam_start(pos[1], who, replies, elapsed, by, dbpath, passf);
    if (npos == 2 && strcmp(pos[0], "resume") == 0 && !who && !exam && run_arg(pos[1]))
        return exam_resume(run_arg(pos[1]), replies, elapsed, by, dbpath, passf);
    if (npos == 1 && strcmp(pos[0], "list") == 0 && !replies && !elapsed && !by)
        return exam_list(who, exam, dbpath, passf);
    if (npos == 2 && strcmp(pos[0], "result") == 0) {
        int64_t run = run_arg(pos[1]);
        if (!run)
            return usage(stderr, EXIT_USAGE);
        cp_records *db = cli_open_records_existing(dbpath);
        if (!db)
            return EXIT_PROBLEM;
        cp_error err = { 0 };
        cp_exam_result res;
        int rc = EXIT_PROBLEM;
        if (cli_unlock(db, passf) == 0) {
            if (cp_records_exam_result(db, run, &res, &err) == 0) {
                print_result(&res);
                rc = 0;
            } else {
                cli_print_error(&err);
            }
        }
        cp_records_close(db);
        return rc;
    }
    return usage(stderr, EXIT_USAGE);
}
