/* tty.c - playing a scenario in the terminal (`play --tty`, or `play` without a display): the
 * title, summary and case brief first, then one reply per line read from stdin. As careful as the
 * window: a blank line, a choice that does not exist (#0, #9), an unknown /command (/qiut) and a
 * line that is not UTF-8 (GBK, cut short) are refused in Chinese with the list of commands and
 * never scored; end of input (Ctrl-D) and /quit leave cleanly. Every message a trainee reads is
 * Chinese; a scenario author's diagnostic (file:line) may follow on its own line.
 * Must not: record anything (`practice` and `exam` do), or score a line it refused. */
#include "tty.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cp_session.h"
#include "cp_utf8.h"
#include "transcript.h"

/* The longest reply the terminal sends (characters; the scorer's own limit is higher). */
#define TTY_MAX_CHARS 2000

/* The terminal's commands: the help line and the dispatcher both read this list. */
enum { C_CASE, C_HINT, C_MODEL, C_SAVE, C_HELP, C_QUIT };
static const struct {
    int id;
    const char *name, *alias, *arg, *help;
} COMMANDS[] = {
    { C_CASE, "/case", NULL, NULL, "再看案情" },
    { C_HINT, "/hint", NULL, NULL, "提示" },
    { C_MODEL, "/model", NULL, NULL, "示范回答" },
    { C_SAVE, "/save", NULL, "文件名", "保存进度" },
    { C_HELP, "/help", NULL, NULL, "命令列表" },
    { C_QUIT, "/quit", "/q", NULL, "退出" },
};
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void print_commands(const cp_node *nd)
{
    printf("可用命令：");
    for (size_t i = 0; i < NCOMMANDS; i++)
        printf("%s%s%s%s %s", i ? " · " : "", COMMANDS[i].name, COMMANDS[i].arg ? " " : "",
               COMMANDS[i].arg ? COMMANDS[i].arg : "", COMMANDS[i].help);
    if (nd && !nd->is_ending && nd->choices.n)
        printf("；输入 #1–#%zu 选参考选项", nd->choices.n);
    printf("；其他内容按回复计分。\n");
}

/* Refuses a line: "没有计分", the reason, and the commands. */
static void refuse(const cp_node *nd, const char *why)
{
    printf("没有计分：%s\n", why);
    print_commands(nd);
}

/* ---- Reading a line ---- */

/* Skips ASCII white space and U+3000 (the ideographic space an input method types). */
static const char *skip_space(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\v' || *s == '\f')
            s++;
        else if (!strncmp(s, "\xE3\x80\x80", 3))
            s += 3;
        else
            return s;
    }
}

/* Trims white space (ASCII and U+3000) from both ends, in place; returns the start. */
static char *trim(char *s)
{
    s = (char *)skip_space(s);
    size_t n = strlen(s);
    for (;;) {
        if (n && strchr(" \t\r\n\v\f", s[n - 1]))
            n--;
        else if (n >= 3 && !strncmp(s + n - 3, "\xE3\x80\x80", 3))
            n -= 3;
        else
            break;
    }
    s[n] = '\0';
    return s;
}

/* The rest of s after a one-character prefix typed half- or full-width ('#' or '＃', '/' or '／'),
 * or NULL when s does not start with it. */
static const char *after(const char *s, char ascii, const char *wide)
{
    if (*s == ascii)
        return s + 1;
    size_t n = strlen(wide);
    return strncmp(s, wide, n) == 0 ? s + n : NULL;
}

/* The number after '#': ASCII or full-width digits, nothing else; -1 when it is not one. */
static long choice_number(const char *s)
{
    s = skip_space(s);
    long v = 0;
    int digits = 0;
    while (*s) {
        int d;
        if (*s >= '0' && *s <= '9') {
            d = *s - '0';
            s++;
        } else if (!strncmp(s, "\xEF\xBC", 2) && (unsigned char)s[2] >= 0x90 &&
                   (unsigned char)s[2] <= 0x99) {   /* ０..９ */
            d = (unsigned char)s[2] - 0x90;
            s += 3;
        } else {
            break;
        }
        if (v < 100000)
            v = v * 10 + d;
        digits++;
    }
    return digits && !*skip_space(s) ? v : -1;
}

/* How many bytes of s (at most max) to quote without cutting a character in two. */
static int quote_len(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return (int)n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

/* ---- Files, in Chinese ---- */

/* Why path cannot be written, in Chinese (a guess from the folder: the error itself is gone). */
static const char *write_reason(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return "这是一个文件夹";
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    if (stat(dir, &st) != 0)
        return "文件夹不存在";
    if (!S_ISDIR(st.st_mode))
        return "上一级不是文件夹";
    if (access(dir, W_OK) != 0)
        return "没有写入权限";
    return "磁盘已满或无法写入";
}

static bool save(const cp_session *s, const char *path)
{
    cp_error err = { 0 };
    if (cp_session_save(s, path, &err) == 0)
        return true;
    printf("保存失败：无法写入「%s」（%s）。\n", path, write_reason(path));
    return false;
}

/* A load or resume error: the Chinese sentence, then the author's diagnostic. */
static void load_error(const char *zh, const cp_error *err)
{
    char buf[2048];
    fprintf(stderr, "%s\n", zh);
    if (err && err->msg[0])
        fprintf(stderr, "  详情：%s\n", cp_error_format(err, buf, sizeof buf));
}

/* ---- Play ---- */

/* Prints the progress of a session left before its end. */
static void left_early(const cp_session *s)
{
    double score = 0, max = 0;
    size_t n = cp_session_nturns(s);
    for (size_t i = 0; i < n; i++) {
        score += cp_session_turn(s, i)->score;
        max += cp_session_turn(s, i)->max;
    }
    if (n)
        printf("已退出，本次练习没有走完：答了 %zu 轮，得分 %.0f/%.0f。\n", n, score, max);
    else
        printf("已退出，本次练习还没有作答。\n");
}

/* One command: its name is line[0..name_end) (after the '/'), its argument follows; returns
 * false to quit. */
static bool command(cp_session *s, const char *line, const char *name_end)
{
    const cp_node *nd = cp_session_node(s);
    size_t len = (size_t)(name_end - line);
    const char *arg = skip_space(name_end);
    int id = -1;
    for (size_t i = 0; i < NCOMMANDS && id < 0; i++) {
        const char *a = COMMANDS[i].alias;
        if ((strlen(COMMANDS[i].name) - 1 == len && !strncmp(COMMANDS[i].name + 1, line, len)) ||
            (a && strlen(a) - 1 == len && !strncmp(a + 1, line, len)))
            id = COMMANDS[i].id;
    }
    char why[300];
    switch (id) {
    case C_QUIT:
        return false;
    case C_HINT:
        printf("提示：%s\n", nd->hint ? nd->hint : "（本轮没有提示）");
        break;
    case C_MODEL:
        printf("示范回答：%s\n", nd->model ? nd->model : "（本轮没有示范回答）");
        break;
    case C_CASE:
        tr_brief(stdout, cp_session_scenario(s));
        break;
    case C_HELP:
        print_commands(nd);
        break;
    case C_SAVE:
        if (!*arg)
            refuse(nd, "保存要写文件名：/save 文件名。");
        else if (save(s, arg))
            printf("已保存到「%s」，用 --resume %s 可以接着练。\n", arg, arg);
        break;
    default:
        snprintf(why, sizeof why, "没有「/%.*s」这个命令。",
                 quote_len(line, len < 60 ? len : 60), line);
        refuse(nd, why);
    }
    return true;
}

int tty_play(const char *path, const char *resume, const char *save_to)
{
    cp_error err = { 0 };
    cp_scorer *scorer = cp_scorer_load(cli_rubrics_dir(), &err);
    if (!scorer) {
        load_error("评分标准加载失败，无法开始练习。", &err);
        return EXIT_PROBLEM;
    }
    struct stat st;
    cp_scenario *sc = NULL;
    if (stat(path, &st) != 0) {
        char zh[600];
        snprintf(zh, sizeof zh, "找不到情景文件「%s」。用 counterpart list 查看已安装的情景。", path);
        load_error(zh, NULL);
    } else if (!(sc = cp_scenario_load(path, &err))) {
        load_error("情景文件有错误，无法开始练习。", &err);
    }
    cp_session *s = NULL;
    if (sc) {
        s = resume ? cp_session_load(resume, sc, scorer, &err) : cp_session_new(sc, scorer, &err);
        if (!s && resume) {
            char zh[600];
            snprintf(zh, sizeof zh, "无法从进度文件「%s」接着练习：文件%s。", resume,
                     stat(resume, &st) != 0 ? "不存在" : "已损坏，或不是这个情景的进度");
            load_error(zh, &err);
        } else if (!s) {
            load_error("情景文件有错误，无法开始练习。", &err);
        }
    }
    if (!s) {
        cp_scenario_free(sc);
        cp_scorer_free(scorer);
        return EXIT_PROBLEM;
    }
    bool color = isatty(STDOUT_FILENO), echo = !isatty(STDIN_FILENO);
    printf("【%s】\n", sc->title);
    if (sc->summary)
        printf("%s\n", sc->summary);
    tr_brief(stdout, sc);
    printf("（输入回复后按回车。）\n");
    print_commands(cp_session_node(s));
    if (resume)
        printf("已从「%s」恢复进度（%zu 轮）。\n", resume, cp_session_nturns(s));
    tr_citizen(stdout, s, color);
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    bool quit = false;
    while (!cp_session_ended(s) && !quit) {
        printf("\n你> ");
        fflush(stdout);
        if ((n = getline(&buf, &cap, stdin)) < 0) {
            printf("%s（输入已结束）\n", echo ? "" : "\n");   /* Ctrl-D: off the prompt's line */
            quit = true;
            break;
        }
        const cp_node *nd = cp_session_node(s);
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            buf[--n] = '\0';
        if (echo) {   /* piped input: show the line, so the transcript reads as typed */
            size_t len;
            char *shown = cp_utf8_sanitize(buf, (size_t)n, &len);
            for (size_t i = 0; i < len; i++)
                if ((unsigned char)shown[i] < 0x20)
                    shown[i] = ' ';
            printf("%s\n", shown);
            free(shown);
        }
        if (strlen(buf) != (size_t)n) {
            refuse(nd, "这一行里有空字符，请重新输入。");
            continue;
        }
        if (!cp_utf8_valid(buf, (size_t)n)) {
            refuse(nd, "这一行不是有效的 UTF-8 文字（可能是 GBK 等其他编码，或者被截断了），"
                       "请把终端设为 UTF-8 后重新输入。");
            continue;
        }
        char *line = trim(buf);
        const char *rest;
        if (!*line) {
            refuse(nd, "回复是空的，请输入要对群众说的话。");
            continue;
        }
        if ((rest = after(line, '/', "\xEF\xBC\x8F"))) {   /* / or ／ */
            const char *e = rest;
            while (*e && *e != ' ' && *e != '\t' && strncmp(e, "\xE3\x80\x80", 3))
                e++;
            quit = !command(s, rest, e);
            continue;
        }
        if (cp_utf8_count(line, strlen(line)) > TTY_MAX_CHARS) {
            char why[200];
            snprintf(why, sizeof why, "回复太长了（一次最多 %d 个字），请说得简短些。", TTY_MAX_CHARS);
            refuse(nd, why);
            continue;
        }
        int choice = 0;
        if ((rest = after(line, '#', "\xEF\xBC\x83"))) {   /* # or ＃ */
            long k = choice_number(rest);
            char why[300];
            if (!nd->choices.n)
                snprintf(why, sizeof why, "本轮没有参考选项，请直接输入回复。");
            else if (k < 1 || (size_t)k > nd->choices.n)
                snprintf(why, sizeof why, "没有「%.*s」这个选项：本轮的参考选项是 #1–#%zu。",
                         quote_len(line, 40), line, nd->choices.n);
            else
                choice = (int)k;
            if (!choice) {
                refuse(nd, why);
                continue;
            }
        }
        if (cp_session_reply(s, choice ? NULL : line, choice, &err) != 0) {
            load_error("这句回复没能处理（情景脚本出错），没有计分。", &err);
            continue;
        }
        tr_feedback(stdout, cp_session_turn(s, cp_session_nturns(s) - 1), color);
        tr_citizen(stdout, s, color);
        if (save_to)
            save(s, save_to);
    }
    if (quit && !cp_session_ended(s))
        left_early(s);
    free(buf);
    cp_session_free(s);
    cp_scenario_free(sc);
    cp_scorer_free(scorer);
    return 0;
}
