/* scenario.c - questions about a loaded scenario's plain data (cp_scenario.h): finding a node,
 * counting endings, and the Chinese words for an ending's outcome and 好差评 rating.
 * Must not: run scenario code or know how a scenario was loaded (engine/luahost does that). */
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
