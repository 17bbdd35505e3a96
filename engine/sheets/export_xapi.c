/* export_xapi.c - score sheets as xAPI 1.0.3 statements for a learning record store: a JSON
 * object {"version":"1.0.3","statements":[...]} with one statement per session.
 *   actor   the trainee: name + account {homePage "urn:counterpart", name 工号}
 *   verb    exam sessions that ended: ADL passed / failed (percent against the pass mark);
 *           other sessions that ended: ADL completed; sessions still open: ADL attempted
 *   object  activity urn:counterpart:scenario:<id>, name in zh-CN
 *   result  score {scaled, raw, min, max}, success, completion, duration (ISO 8601, PT4M12S),
 *           extensions urn:counterpart:criterion:<id> -> {met, total, rate} over the session's
 *           counted turns (overrides applied)
 *   context extensions: mode, session id, exam run; platform and language
 * Rendered from the score-sheet document only. Must not: read the records. */
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cp_export.h"
#include "export_int.h"

#define ADL "http://adlnet.gov/expapi/verbs/"


/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SS..." (UTC); -1 when it does not parse. */
static long long parse_time(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (long long)timegm(&tm);
}

/* ISO 8601 duration: PT4M12S, PT1H0M5S, PT0S. */
static void duration(long long secs, char *buf, size_t size)
{
    if (secs < 0)
        secs = 0;
    long long h = secs / 3600, m = secs / 60 % 60, s = secs % 60;
    if (h)
        snprintf(buf, size, "PT%lldH%lldM%lldS", h, m, s);
    else if (m)
        snprintf(buf, size, "PT%lldM%lldS", m, s);
    else
        snprintf(buf, size, "PT%lldS", s);
}

/* Statement id. xAPI ids are UUIDs, and an LRS refuses (or keeps twice, under a new random id) a
 * statement it already has, so re-exporting the same data must give the same ids. The id is
 * derived from the session: SHA-256 of "counterpart:session:<工号>:<session id>:<started>:
 * <ended>:<overrides>" (the 工号 and start time tell two installations' session 3 apart; ended
 * and the override count make a finished or overridden session a new statement rather than a
 * conflicting copy of the old one). The first 16 bytes are laid out as an RFC 9562 version 8
 * ("custom, name-based") UUID - the same idea as version 5, with SHA-256 instead of SHA-1,
 * which libsodium provides. */
static void statement_id(const cJSON *t, const cJSON *s, char out[37])
{
    char *name = cp_xasprintf("counterpart:session:%s:%lld:%s:%s:%lld", doc_str(t, "staff_no"),
                              (long long)doc_num(s, "id"), doc_str(s, "started"), doc_str(s, "ended"),
                              (long long)doc_num(s, "overrides"));
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)name, strlen(name));
    free(name);
    h[6] = (unsigned char)((h[6] & 0x0f) | 0x80);   /* version 8 */
    h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);   /* RFC variant */
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[h[i] >> 4];
        out[o++] = hex[h[i] & 15];
    }
    out[o] = '\0';
}

static cJSON *lang(const char *zh)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "zh-CN", zh);
    return o;
}

static cJSON *verb(const char *id, const char *en, const char *zh)
{
    cJSON *v = cJSON_CreateObject();
    char *iri = cp_xasprintf(ADL "%s", id);
    cJSON_AddStringToObject(v, "id", iri);
    free(iri);
    cJSON *d = cJSON_AddObjectToObject(v, "display");
    cJSON_AddStringToObject(d, "en-US", en);
    cJSON_AddStringToObject(d, "zh-CN", zh);
    return v;
}

/* Per-criterion counts over the session's counted turns, as result extensions. */
static void criteria_ext(const cJSON *s, cJSON *ext)
{
    const cJSON *u;
    cJSON_ArrayForEach(u, doc_get(s, "turns")) {
        if (!doc_counted(s, u))
            continue;
        const cJSON *c;
        cJSON_ArrayForEach(c, doc_get(u, "criteria")) {
            if (!cJSON_IsTrue(doc_get(c, "focus")))
                continue;
            char *key = cp_xasprintf("urn:counterpart:criterion:%s", doc_str(c, "id"));
            cJSON *x = cJSON_GetObjectItemCaseSensitive(ext, key);
            if (!x) {
                x = cJSON_AddObjectToObject(ext, key);
                cJSON_AddNumberToObject(x, "met", 0);
                cJSON_AddNumberToObject(x, "total", 0);
                cJSON_AddNumberToObject(x, "rate", 0);
            }
            free(key);
            double met = doc_num(x, "met") + cJSON_IsTrue(doc_get(c, "met")), total = doc_num(x, "total") + 1;
            cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(x, "met"), met);
            cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(x, "total"), total);
            cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(x, "rate"),
                                 round(10000 * met / total) / 10000);
        }
    }
}

static cJSON *statement(const cJSON *doc, const cJSON *t, const cJSON *s)
{
    cJSON *st = cJSON_CreateObject();
    char id[37];
    statement_id(t, s, id);
    cJSON_AddStringToObject(st, "id", id);

    cJSON *actor = cJSON_AddObjectToObject(st, "actor");
    cJSON_AddStringToObject(actor, "objectType", "Agent");
    cJSON_AddStringToObject(actor, "name", doc_str(t, "name"));
    cJSON *acc = cJSON_AddObjectToObject(actor, "account");
    cJSON_AddStringToObject(acc, "homePage", "urn:counterpart");
    cJSON_AddStringToObject(acc, "name", doc_str(t, "staff_no"));

    bool ended = cJSON_IsString(doc_get(s, "ended"));
    bool exam = strcmp(doc_str(s, "mode"), "exam") == 0;
    double pct = doc_num(s, "percent"), pass = doc_num(doc, "pass_mark");
    bool success = pct >= pass;
    if (!ended)
        cJSON_AddItemToObject(st, "verb", verb("attempted", "attempted", "尝试"));
    else if (exam)
        cJSON_AddItemToObject(st, "verb", success ? verb("passed", "passed", "通过")
                                                  : verb("failed", "failed", "未通过"));
    else
        cJSON_AddItemToObject(st, "verb", verb("completed", "completed", "完成"));

    cJSON *obj = cJSON_AddObjectToObject(st, "object");
    cJSON_AddStringToObject(obj, "objectType", "Activity");
    char *aid = cp_xasprintf("urn:counterpart:scenario:%s", doc_str(s, "scenario"));
    cJSON_AddStringToObject(obj, "id", aid);
    free(aid);
    cJSON *def = cJSON_AddObjectToObject(obj, "definition");
    cJSON_AddItemToObject(def, "name", lang(doc_str(s, "title")));
    cJSON_AddStringToObject(def, "type", "http://adlnet.gov/expapi/activities/simulation");

    cJSON *res = cJSON_AddObjectToObject(st, "result");
    cJSON *score = cJSON_AddObjectToObject(res, "score");
    double raw = doc_num(s, "score"), max = doc_num(s, "max");
    cJSON_AddNumberToObject(score, "scaled", max > 0 ? round(10000 * raw / max) / 10000 : 0);
    cJSON_AddNumberToObject(score, "raw", raw);
    cJSON_AddNumberToObject(score, "min", 0);
    cJSON_AddNumberToObject(score, "max", max);
    cJSON_AddBoolToObject(res, "success", ended && success);
    cJSON_AddBoolToObject(res, "completion", ended);
    if (ended) {
        long long a = parse_time(doc_str(s, "started")), b = parse_time(doc_str(s, "ended"));
        if (a >= 0 && b >= 0) {
            char d[48];
            duration(b - a, d, sizeof d);
            cJSON_AddStringToObject(res, "duration", d);
        }
    }
    criteria_ext(s, cJSON_AddObjectToObject(res, "extensions"));

    cJSON *ctx = cJSON_AddObjectToObject(st, "context");
    cJSON_AddStringToObject(ctx, "platform", "Counterpart");
    cJSON_AddStringToObject(ctx, "language", "zh-CN");
    cJSON *cx = cJSON_AddObjectToObject(ctx, "extensions");
    cJSON_AddStringToObject(cx, "urn:counterpart:mode", doc_str(s, "mode"));
    cJSON_AddNumberToObject(cx, "urn:counterpart:session", doc_num(s, "id"));
    if (cJSON_IsNumber(doc_get(s, "exam_run")))
        cJSON_AddNumberToObject(cx, "urn:counterpart:exam-run", doc_num(s, "exam_run"));
    cJSON_AddNumberToObject(cx, "urn:counterpart:pass-mark", pass);
    cJSON_AddStringToObject(st, "timestamp", ended ? doc_str(s, "ended") : doc_str(s, "started"));
    return st;
}

int cp_export_xapi(const cJSON *doc, cp_bytes *out, cp_error *err)
{
    if (cp_export_validate(doc, err) != 0)
        return -1;
    if (sodium_init() < 0)
        return cp_error_set(err, NULL, 0, "libsodium failed to initialise");
    /* written a statement at a time, a trainee's turns read at a time (cp_export_fill): the
     * bytes of printing one whole {"version", "statements": [...]} object */
    static const char head[] = "{\n\t\"version\":\t\"1.0.3\",\n\t\"statements\":\t[";
    cp_bytes_add(out, head, sizeof head - 1);
    bool first = true;
    cJSON *t;
    cJSON_ArrayForEach(t, (cJSON *)doc_get(doc, "trainees")) {
        if (cp_export_fill(doc, t, err) != 0)
            return -1;
        const cJSON *s;
        cJSON_ArrayForEach(s, doc_get(t, "sessions")) {
            cJSON *st = statement(doc, t, s);
            char *text = cJSON_Print(st);
            cJSON_Delete(st);
            if (!text) {
                cp_export_unfill(doc, t);
                return cp_error_set(err, NULL, 0, "out of memory printing the xAPI statements");
            }
            if (!first)
                cp_bytes_add(out, ", ", 2);
            first = false;
            for (const char *p = text;;) {   /* one level deeper: two more tabs a line */
                const char *nl = strchr(p, '\n');
                cp_bytes_add(out, p, nl ? (size_t)(nl - p) + 1 : strlen(p));
                if (!nl)
                    break;
                cp_bytes_add(out, "\t\t", 2);
                p = nl + 1;
            }
            free(text);
        }
        cp_export_unfill(doc, t);
    }
    cp_bytes_add(out, "]\n}\n", 4);
    return 0;
}
