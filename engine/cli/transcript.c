/* transcript.c - readable text output shared by `run` and `play --tty`: the case brief, what the
 * citizen says, the feedback on a reply criterion by criterion, and the end screen (the report
 * the window draws too: cp_session_ending_report). Trainee-facing text only, all Chinese; an
 * internal id (a node's, an ending's) is never printed. */
#include "transcript.h"

#include <stdlib.h>
#include <string.h>

#include "cp_utf8.h"

static const char *face(const char *expression)
{
    static const struct { const char *e, *zh; } F[] = {
        { "calm", "平静" }, { "angry", "生气" }, { "furious", "愤怒" }, { "anxious", "焦虑" },
        { "confused", "困惑" }, { "sad", "难过" }, { "relieved", "松了口气" },
        { "happy", "满意" }, { "suspicious", "怀疑" },
    };
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++)
        if (strcmp(F[i].e, expression) == 0)
            return F[i].zh;
    return expression;
}

void tr_citizen(FILE *f, const cp_session *s, bool color)
{
    const cp_scenario *sc = cp_session_scenario(s);
    const cp_node *nd = cp_session_node(s);
    fprintf(f, "\n%s%s（%s）%s  [怒气 %d · 信任 %d]\n  %s\n", color ? "\033[1m" : "",
            sc->persona.name, face(nd->expression), color ? "\033[0m" : "", cp_session_anger(s),
            cp_session_trust(s), cp_session_citizen(s));
    if (nd->is_ending) {
        tr_ending(f, s, color);
        return;
    }
    for (size_t i = 0; i < nd->choices.n; i++)
        fprintf(f, "  #%zu %s\n", i + 1, nd->choices.v[i]);
}

void tr_feedback(FILE *f, const cp_turn *t, bool color)
{
    const char *g = color ? "\033[32m" : "", *r = color ? "\033[31m" : "", *z = color ? "\033[0m" : "";
    size_t len = strlen(t->reply);
    fprintf(f, "  得分 %.0f/%.0f\n", t->score, t->max);
    for (size_t i = 0; i < t->result.n; i++) {
        const cp_crit_result *c = &t->result.crit[i];
        fprintf(f, "  %s%s%s %s", c->met ? g : r, c->met ? "✓" : "✗", z, c->name ? c->name : c->id);
        for (size_t k = 0; k < c->nev; k++) {
            size_t b0 = cp_utf8_offset(t->reply, len, c->ev[k].start);
            size_t b1 = cp_utf8_offset(t->reply, len, c->ev[k].end);
            fprintf(f, " %s「%.*s」%s", c->ev[k].positive ? g : r, (int)(b1 - b0), t->reply + b0, z);
        }
        if (!c->met && c->note[0])
            fprintf(f, " — %s", c->note);
        fputc('\n', f);
    }
}

void tr_brief(FILE *f, const cp_scenario *sc)
{
    char *b = cp_scenario_brief_text(sc);
    fprintf(f, "【案情】\n%s\n", b ? b : "（本情景没有案情卡）");
    free(b);
}

void tr_ending(FILE *f, const cp_session *s, bool color)
{
    cp_ending_report r;
    if (cp_session_ending_report(s, &r) != 0)
        return;
    const char *b = color ? "\033[1m" : "", *z = color ? "\033[0m" : "";
    fprintf(f, "\n%s== 结局：%s ==%s\n", b, r.title, z);
    if (r.explain[0])
        fprintf(f, "%s\n", r.explain);
    if (r.rating)
        fprintf(f, "群众评价（好差评）：%s（%d/5）\n", r.rating_name, r.rating);
    else
        fprintf(f, "群众评价（好差评）：%s\n", r.rating_name);
    if (r.nmoments) {
        fprintf(f, "情绪变化最大的几轮：\n");
        for (size_t i = 0; i < r.nmoments; i++) {
            const cp_ending_moment *m = &r.moments[i];
            fprintf(f, "  第%zu轮 怒气%+d 信任%+d%s%s\n", m->turn + 1, m->d_anger, m->d_trust,
                    m->why[0] ? "：" : "", m->why);
        }
    }
    if (r.top[0])
        fprintf(f, "要拿到“非常满意”：%s\n", r.top);
    double pct = r.max > 0 ? 100.0 * r.score / r.max : 0;
    fprintf(f, "总分：%.0f/%.0f（%.0f%%），共 %zu 轮\n", r.score, r.max, pct, cp_session_nturns(s));
    if (r.ncrit) {
        fprintf(f, "各项达成（达成轮数/评到轮数）：\n");
        for (size_t i = 0; i < r.ncrit; i++)
            fprintf(f, "  %s %u/%u\n", r.crit[i].name, r.crit[i].met, r.crit[i].shown);
    }
}
