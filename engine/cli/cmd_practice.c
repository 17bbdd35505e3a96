/* cmd_practice.c - `counterpart practice SCENARIO --trainee ID --replies FILE`: plays a scenario
 * from scripted replies and records every reply in the records database the moment it is given
 * (self-study or classroom), with hints, retries and who is at the keyboard (a /keyboard line, or
 * --keyboard taking turns in a classroom); --resume continues a recorded session. Prints one
 * "recorded ..." line per committed reply (flushed), so a script can tell what is on disk. */
#include "cli_records.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cp_session.h"

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: counterpart practice SCENARIO (--trainee ID | --resume SESSION) --replies FILE\n"
        "                            [--mode practice|classroom] [--keyboard ID,ID,...] [--db PATH]\n"
        "Plays SCENARIO with one reply per line of FILE ('-' = stdin) and records each reply in\n"
        "the records database as it is given. A line '#2' picks choice 2 (blank and '--' lines are\n"
        "skipped); '/hint' shows the hint\n"
        "(each hint taken costs %.0f%% of that turn's points); '/retry' takes the last reply back\n"
        "and the next line answers that turn again (the last attempt counts); '/keyboard ID' says\n"
        "who is at the keyboard from now on (classroom). ID is a 工号 or a trainee id.\n"
        "--keyboard ID,ID,... (with --mode classroom): the trainees take turns at the keyboard,\n"
        "turn N answered by the Nth ID (round and round; a retried turn keeps its trainee),\n"
        "until a '/keyboard ID' line fixes who types from then on.\n"
        "After each reply that is on disk it prints\n"
        "  recorded session S turn N attempt A score X/Y next NODE\n"
        "--resume SESSION continues a recorded session (after a crash or a quit).\n"
        "While another program holds the database the reply is kept in memory and written again,\n"
        "saying so, waiting longer each time ($COUNTERPART_DB_RETRIES tries, default 5, from\n"
        "$COUNTERPART_DB_RETRY_MS ms, default 1000, doubling); if it must stop it says which\n"
        "replies are on disk and how to go on with --resume.\n"
        "A centre's server that is away when the seat starts (stopped, starting, restarting) is\n"
        "waited for, saying 正在重新连接, up to $COUNTERPART_DB_WAIT_MS ms (default 60000).\n"
        "A full disk or a permission the database refuses (a file, or the server's grants) is\n"
        "said in Chinese with a technical line (file or server, SQLite code or SQLSTATE); the\n"
        "reply stays in memory and the seat asks: an empty line (Enter) on standard input - the\n"
        "reply stream itself with --replies - - tries again once the cause is fixed; 'q' or the\n"
        "end of input stops (exit 1), saying what is on disk and how to go on with --resume.\n"
        "database: --db PATH or postgresql:// URI, else $COUNTERPART_DB, else the db line of\n"
        "$XDG_CONFIG_HOME/counterpart/config, else $XDG_DATA_HOME/counterpart/records.db\n"
        "exit: 0 played, 1 a problem (scenario, reply file, database; a reply left unsaved),\n"
        "      2 usage\n",
        CP_HINT_COST * 100);
    return rc;
}

typedef struct play {
    cp_records *db;
    cp_session *s;
    const cp_scenario *sc;
    const cp_scorer *scorer;
    int64_t session;
    int hints;
    int64_t keyboard;
    int64_t *rota;      /* --keyboard: who answers turn N (rota[(N - 1) % nrota]) */
    size_t nrota;
    bool fixed;         /* a /keyboard line ended the rotation */
    const char *replies;
    FILE *ctl;          /* where the seat's "retry or stop" answer comes from */
} play;

static int line_error(const play *p, int lineno, const cp_error *err)
{
    char buf[2048];
    fprintf(stderr, "counterpart: %s:%d: %s\n", p->replies, lineno, cp_error_format(err, buf, sizeof buf));
    return EXIT_PROBLEM;
}

/* Records the reply just given (still in memory in p->s). When another program holds the
 * database, the reply is kept and the write tried again, visibly, waiting longer each time
 * ($COUNTERPART_DB_RETRIES tries after the first, default 5; the first wait
 * $COUNTERPART_DB_RETRY_MS, default 1000, doubling up to a day; both read by cli_db_env_check). If it must stop, it says what is on disk
 * and how to go on. 0, or -1 (reported). */
typedef struct retry {
    int k, retries;
    long wait_ms;
} retry;

static retry retry_new(void)
{
    const cli_db_env *env = cli_db_env_get();
    retry r = { 0, env->retries, env->retry_ms };
    return r;
}

/* After a failed write: when the database was locked or the server went away and tries are
 * left, says so (what is kept), waits and returns true; false when it is another failure or the
 * tries are spent. db NULL: told by err's words alone (after a read, whose fault kind is not
 * reset). */
static bool retry_again(retry *r, const cp_records *db, const cp_error *err, const char *kept)
{
    cp_db_fault k = cp_records_fault(db);
    bool lost = k == CP_DBERR_CONN || strstr(err->msg, "lost the connection") != NULL;
    bool locked = k == CP_DBERR_LOCKED || strstr(err->msg, "locked") != NULL;
    if ((!locked && !lost) || r->k >= r->retries)
        return false;
    r->k++;
    if (lost)
        fprintf(stderr, "与记录服务器的连接中断，正在重新连接：%s，%.1f 秒后重试（第 %d/%d 次）…\n",
                kept, (double)r->wait_ms / 1000, r->k, r->retries);
    else
        fprintf(stderr, "数据库正被另一个程序占用：%s，%.1f 秒后重试（第 %d/%d 次）…\n", kept,
                (double)r->wait_ms / 1000, r->k, r->retries);
    fflush(stderr);
    struct timespec ts = { r->wait_ms / 1000, (r->wait_ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
    r->wait_ms = r->wait_ms > CLI_ENV_MS_MAX / 2 ? CLI_ENV_MS_MAX : 2 * r->wait_ms;   /* a day at most */
    return true;
}

/* After a failure only a person can fix (a full disk, a refused permission): says so in plain
 * Chinese with the technical line, then reads the answer from p->ctl: an empty line (or
 * anything but q) retries, q or the end of input stops. true: try again. */
static bool ask_retry(play *p, const char *subject)
{
    char zh[1024], tech[2600];
    cp_records_fault_text(p->db, subject, zh, sizeof zh, tech, sizeof tech);
    fprintf(stderr, "%s\n%s\n原因排除后按回车重试；输入 q 回车停止（已保存的回答不受影响）。\n", zh, tech);
    fflush(stderr);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, p->ctl);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
        line[--n] = '\0';
    bool again = n >= 0 && strcmp(line, "q") != 0 && strcmp(line, "Q") != 0 &&
                 strcmp(line, "退出") != 0;
    free(line);
    if (again) {
        fprintf(stderr, "正在重试…\n");
        fflush(stderr);
    }
    return again;
}

static int record(play *p, const cp_turn_meta *meta, int lineno, cp_error *err)
{
    retry rt = retry_new();
    char kept[96];
    snprintf(kept, sizeof kept, "第 %zu 轮回复暂存在内存中", cp_session_nturns(p->s));
    bool asked = false;
    cp_db_fault k = CP_DBERR_NONE;
    for (;;) {
        if (cp_records_turn(p->db, p->session, p->s, meta, err) == 0) {
            if (rt.k || asked)
                fprintf(stderr, "数据库已可写入，第 %zu 轮回复已保存。\n", cp_session_nturns(p->s));
            return 0;
        }
        k = cp_records_fault(p->db);
        if (cp_records_fault_needs_person(k)) {
            if (!ask_retry(p, NULL))
                break;
            asked = true;
            continue;
        }
        if (!retry_again(&rt, p->db, err, kept))
            break;
    }
    cli_print_error(err);
    size_t done = cp_session_nturns(p->s) - 1;
    const cp_turn *t = cp_session_turn(p->s, done);
    fprintf(stderr, "第 %zu 轮回复未能保存（%s 第 %d 行：%s）；已保存的是前 %zu 轮。%s后继续：\n"
            "  counterpart practice %s --resume %lld --replies 从第 %d 行起的回复文件\n",
            done + 1, p->replies, lineno, t->choice ? "所选的参考选项" : t->reply, done,
            cp_records_fault_needs_person(k) ? "原因排除" : "数据库空出", p->sc->id,
            (long long)p->session, lineno);
    return -1;
}

/* Handles one line; 0 or an exit code. */
static int one_line(play *p, char *line, int lineno)
{
    cp_error err = { 0 };
    if (strcmp(line, "/hint") == 0) {
        const cp_node *nd = cp_session_node(p->s);
        p->hints++;
        printf("hint: %s\n", nd->hint ? nd->hint : "(no hint at this turn)");
        return 0;
    }
    if (strcmp(line, "/retry") == 0) {
        cp_session *again = cp_records_retry(p->db, p->session, p->sc, p->scorer, &err);
        if (!again)
            return line_error(p, lineno, &err);
        cp_session_free(p->s);
        p->s = again;
        p->hints = 0;
        printf("retry session %lld turn %zu\n", (long long)p->session, cp_session_nturns(p->s) + 1);
        fflush(stdout);
        return 0;
    }
    if (strncmp(line, "/keyboard ", 10) == 0) {
        cp_trainee t;
        if (cp_records_trainee_find(p->db, line + 10, &t, &err) != 0)
            return line_error(p, lineno, &err);
        p->keyboard = t.id;
        p->fixed = true;
        return 0;
    }
    if (cp_session_ended(p->s))
        return 0;
    if (p->nrota && !p->fixed)
        p->keyboard = p->rota[cp_session_nturns(p->s) % p->nrota];
    int choice = cli_choice_of(line);
    if (cp_session_reply(p->s, choice ? NULL : line, choice, &err) != 0)
        return line_error(p, lineno, &err);
    cp_turn_meta meta = { .hints = p->hints, .keyboard = p->keyboard };
    if (record(p, &meta, lineno, &err) != 0)
        return EXIT_PROBLEM;
    size_t n = cp_session_nturns(p->s);
    const cp_turn *t = cp_session_turn(p->s, n - 1);
    size_t nrec;
    cp_rec_turn *rec = cp_records_turns(p->db, p->session, &nrec, &err);
    int attempt = rec && nrec ? rec[nrec - 1].attempt : 1;
    double fin = rec && nrec ? rec[nrec - 1].final : t->score;
    cp_rec_turns_free(rec, nrec);
    printf("recorded session %lld turn %zu attempt %d score %.1f/%.1f next %s\n",
           (long long)p->session, n, attempt, fin, t->max, t->next);
    fflush(stdout);
    p->hints = 0;
    if (cp_session_ended(p->s)) {
        const cp_node *e = cp_session_node(p->s);
        printf("ended %s outcome %s rating %d\n", e->id, e->outcome ? e->outcome : "", e->rating);
        fflush(stdout);
    }
    return 0;
}

/* Reads --keyboard's comma-separated trainees into p->rota; -1 (reported) on an unknown one. */
static int keyboard_list(play *p, const char *list)
{
    char *copy = cp_xstrdup(list), *save = NULL;
    for (char *id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
        cp_trainee t;
        if (cli_find_trainee(p->db, id, &t) != 0) {
            free(copy);
            return -1;
        }
        p->rota = cp_xrealloc(p->rota, (p->nrota + 1) * sizeof *p->rota);
        p->rota[p->nrota++] = t.id;
    }
    free(copy);
    return 0;
}

int cmd_practice(int argc, char **argv)
{
    const char *scen = NULL, *replies = NULL, *dbpath = NULL, *who = NULL, *mode_s = "practice";
    const char *rota = NULL;
    long long resume = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is(argv[i], "--help", "-h"))
            return usage(stdout, 0);
        else if (cli_is(argv[i], "--replies", "-r") && i + 1 < argc)
            replies = argv[++i];
        else if (cli_is(argv[i], "--db", NULL) && i + 1 < argc)
            dbpath = argv[++i];
        else if (cli_is(argv[i], "--trainee", "-t") && i + 1 < argc)
            who = argv[++i];
        else if (cli_is(argv[i], "--mode", NULL) && i + 1 < argc)
            mode_s = argv[++i];
        else if (cli_is(argv[i], "--keyboard", NULL) && i + 1 < argc)
            rota = argv[++i];
        else if (cli_is(argv[i], "--resume", NULL) && i + 1 < argc) {
            char *end;
            resume = strtoll(argv[++i], &end, 10);
            if (*end || resume <= 0) {
                fprintf(stderr, "counterpart practice: --resume needs a session number\n");
                return usage(stderr, EXIT_USAGE);
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "counterpart practice: unknown option '%s'\n", argv[i]);
            return usage(stderr, EXIT_USAGE);
        } else if (!scen)
            scen = argv[i];
        else
            return usage(stderr, EXIT_USAGE);
    }
    cp_mode mode;
    if (cp_mode_parse(mode_s, &mode) != 0 || mode == CP_MODE_EXAM) {
        fprintf(stderr, "counterpart practice: --mode is practice or classroom (exams: counterpart exam)\n");
        return usage(stderr, EXIT_USAGE);
    }
    if (!scen || !replies || (!who && !resume) || (who && resume))
        return usage(stderr, EXIT_USAGE);
    if (rota && (mode != CP_MODE_CLASSROOM || !*rota || rota[0] == ',' ||
                 rota[strlen(rota) - 1] == ',' || strstr(rota, ",,"))) {
        fprintf(stderr, "counterpart practice: --keyboard is a list of 工号 (1001,1002) and needs "
                        "--mode classroom\n");
        return usage(stderr, EXIT_USAGE);
    }

    FILE *in = strcmp(replies, "-") == 0 ? stdin : fopen(replies, "rb");
    if (!in) {
        fprintf(stderr, "counterpart: %s: cannot open the reply file\n", replies);
        return EXIT_PROBLEM;
    }
    int rc = EXIT_PROBLEM;
    /* the answer to "retry or stop": standard input, the reply stream itself with --replies - */
    play p = { .replies = replies, .ctl = stdin };
    cp_scorer *scorer = NULL;
    cp_scenario *sc = NULL;
    cp_error err = { 0 };
    p.db = cli_open_records(dbpath);
    if (!p.db)
        goto out;
    cp_trainee t = { 0 };
    /* the reads before the first write wait for a server that went away just after opening,
     * as the writes do (told by the error's words: a read's fault kind is not reset) */
    retry rd = retry_new();
    while (who && cp_records_trainee_find(p.db, who, &t, &err) != 0) {
        if (!retry_again(&rd, NULL, &err, "练习尚未开始记录")) {
            cli_print_error(&err);
            goto out;
        }
    }
    if (rota && keyboard_list(&p, rota) != 0)
        goto out;
    scorer = cli_load_scorer();
    sc = scorer ? cli_load_scenario(scen) : NULL;
    if (!sc)
        goto out;
    p.sc = sc;
    p.scorer = scorer;
    /* The trainee practising sees their own results (scores of retried attempts). */
    if (resume) {
        p.session = resume;
        while ((cp_records_session_trainee(p.db, resume, &t.id, &err) != 0 ||
                !(p.s = cp_records_resume(p.db, resume, sc, scorer, &err))) &&
               retry_again(&rd, NULL, &err, "续接的练习尚未继续记录"))
            ;
        cp_records_set_self(p.db, t.id);
    } else {
        cp_records_set_self(p.db, t.id);
        p.s = cp_session_new(sc, scorer, &err);
        retry rt = retry_new();
        int src = -1;
        while (p.s && (src = cp_records_session_start(p.db, t.id, p.s, mode, 0, &p.session, &err)) != 0) {
            if (cp_records_fault_needs_person(cp_records_fault(p.db))
                    ? !ask_retry(&p, "这次练习的记录")
                    : !retry_again(&rt, p.db, &err, "练习尚未开始记录"))
                break;
        }
        if (p.s && src != 0) {
            cp_session_free(p.s);
            p.s = NULL;
        }
    }
    if (!p.s) {
        cli_print_error(&err);
        goto out;
    }
    printf("session %lld turn %zu\n", (long long)p.session, cp_session_nturns(p.s) + 1);
    fflush(stdout);
    rc = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    while (rc == 0 && (n = getline(&line, &cap, in)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (strlen(line) != (size_t)n) {
            fprintf(stderr, "counterpart: %s:%d: NUL byte in a reply\n", replies, lineno);
            rc = EXIT_PROBLEM;
            break;
        }
        if (!cli_skip_line(line))
            rc = one_line(&p, line, lineno);
    }
    free(line);
out:
    if (in != stdin)
        fclose(in);
    cp_session_free(p.s);
    cp_scenario_free(sc);
    cp_scorer_free(scorer);
    cp_records_close(p.db);
    free(p.rota);
    return rc;
}
