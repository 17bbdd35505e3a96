/* export_int.h - what the score-sheet renderers (export_*.c) share for reading the document:
 * lenient member lookups (the document was checked by cp_export_validate before rendering, so a
 * missing member reads as "" / 0 rather than failing) and the counted-attempt rule. */
#ifndef CP_EXPORT_INT_H
#define CP_EXPORT_INT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

static inline const cJSON *doc_get(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static inline const char *doc_str(const cJSON *o, const char *k)
{
    const cJSON *v = doc_get(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static inline double doc_num(const cJSON *o, const char *k)
{
    const cJSON *v = doc_get(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* True when turn u is the last attempt of its seq in session s ("counted" when the document has
 * it, else worked out from the attempts). */
static inline bool doc_counted(const cJSON *s, const cJSON *u)
{
    const cJSON *c = doc_get(u, "counted");
    if (cJSON_IsBool(c))
        return cJSON_IsTrue(c);
    const cJSON *v;
    cJSON_ArrayForEach(v, doc_get(s, "turns"))
        if (doc_num(v, "seq") == doc_num(u, "seq") && doc_num(v, "attempt") > doc_num(u, "attempt"))
            return false;
    return true;
}

/* The scorer versions of session s's replies (turns[].model), first used first, ", "-joined
 * into buf; "未记录" when none is recorded (replies from before versions were kept). */
static inline void doc_models(const cJSON *s, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    const cJSON *u;
    cJSON_ArrayForEach(u, doc_get(s, "turns")) {
        const char *m = doc_str(u, "model");
        if (!*m || strstr(buf, m))
            continue;
        int w = snprintf(buf + n, size - n, "%s%s", n ? ", " : "", m);
        if (w < 0 || (size_t)w >= size - n) {
            buf[n] = '\0';
            break;
        }
        n += (size_t)w;
    }
    if (!n)
        snprintf(buf, size, "未记录");
}

#endif
