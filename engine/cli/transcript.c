/* transcript.c - readable text output shared by `run` and `play --tty`: what the citizen says,
 * and the feedback on a reply, criterion by criterion. */
#include "transcript.h"

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
        static const char *const R[] = { "未评价", "非常不满意", "不满意", "基本满意", "满意", "非常满意" };
        int r = nd->rating >= 1 && nd->rating <= 5 ? nd->rating : 0;
        fprintf(f, "\n== 结局：%s · 好差评：%s（%d/5）==\n", nd->outcome ? nd->outcome : "?", R[r],
                nd->rating);
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
