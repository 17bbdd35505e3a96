/* scenario.c - questions about a loaded scenario's plain data (cp_scenario.h): finding a node,
 * counting endings, the Chinese words for an ending's outcome, name and 好差评 rating, and the
 * case brief as text.
 * Must not: run scenario code or know how a scenario was loaded (engine/luahost does that). */
#include "cp_bytes.h"
#include "cp_scenario.h"

#include <string.h>

int cp_scenario_find(const cp_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->nnodes; i++)
        if (strcmp(sc->nodes[i].id, id) == 0)
            return (int)i;
    return -1;
}

size_t cp_scenario_count_endings(const cp_scenario *sc)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->nnodes; i++)
        n += sc->nodes[i].is_ending;
    return n;
}

const char *cp_scenario_outcome_name(const char *o)
{
    static const char *const map[][2] = {
        { "resolved", "问题解决" }, { "escalated", "转交上级处理" }, { "complaint", "群众投诉" },
        { "walked_away", "群众离开" }, { "partial", "部分解决" },
    };
    for (size_t i = 0; o && i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(o, map[i][0]))
            return map[i][1];
    return o ? o : "结束";
}

const char *cp_scenario_rating_name(int r)
{
    static const char *const names[] = { "未评价", "非常不满意", "不满意", "基本满意", "满意",
                                         "非常满意" };
    return names[r >= 1 && r <= 5 ? r : 0];
}

const char *cp_scenario_ending_title(const cp_node *nd)
{
    if (nd->title && nd->title[0])
        return nd->title;
    return cp_scenario_outcome_name(nd->outcome);
}

static void brief_list(cp_bytes *b, const char *head, const cp_strlist *l)
{
    if (!l->n)
        return;
    cp_bytes_addf(b, "%s%s：", b->len ? "\n" : "", head);
    for (size_t i = 0; i < l->n; i++)
        cp_bytes_addf(b, "\n  · %s", l->v[i]);
}

char *cp_scenario_brief_text(const cp_scenario *sc)
{
    const cp_brief *br = &sc->brief;
    if (!br->given)
        return NULL;
    cp_bytes b = { 0 };
    if (br->who && br->who[0])
        cp_bytes_addf(&b, "来访人：%s", br->who);
    brief_list(&b, "带来的材料", &br->brought);
    brief_list(&b, "系统显示", &br->system);
    brief_list(&b, "本地规定", &br->rules);
    brief_list(&b, "其他情况", &br->facts);
    if (!b.len) {
        cp_bytes_free(&b);
        return NULL;
    }
    return (char *)b.data;
}
