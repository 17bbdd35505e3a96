/* export_json.c - the score-sheet document as a JSON file: pretty-printed, members in the order
 * the builder placed them (docs/export-schema.md), ending with a newline. The signature is added
 * afterwards by cp_sign_embed. Written a trainee at a time (cp_export_fill), byte for byte what
 * printing the whole document at once gives, so a class of any size streams through the output
 * buffer's sink. Must not: reorder or drop members (readers rely on the order being stable
 * between exports). */
#include <stdlib.h>
#include <string.h>

#include "cp_export.h"

/* Appends s with `tabs` more tabs after each line break (cJSON's indentation one level down). */
static void add_indented(cp_bytes *out, const char *s, int tabs)
{
    for (const char *p = s;;) {
        const char *nl = strchr(p, '\n');
        if (!nl) {
            cp_bytes_add(out, p, strlen(p));
            return;
        }
        cp_bytes_add(out, p, (size_t)(nl - p) + 1);
        cp_bytes_add(out, "\t\t\t\t", (size_t)tabs);
        p = nl + 1;
    }
}

int cp_export_json(const cJSON *doc, cp_bytes *out, cp_error *err)
{
    if (cp_export_validate(doc, err) != 0)
        return -1;
    /* the document with an empty trainees[] (the rest by reference), printed; the trainees go
     * in between, one at a time */
    cJSON *shell = cJSON_CreateObject();
    const cJSON *m;
    cJSON_ArrayForEach(m, doc) {
        if (!strcmp(m->string, "trainees"))
            cJSON_AddItemToObject(shell, "trainees", cJSON_CreateArray());
        else
            cJSON_AddItemReferenceToObject(shell, m->string, (cJSON *)m);
    }
    char *s = cJSON_Print(shell);
    cJSON_Delete(shell);
    if (!s)
        return cp_error_set(err, NULL, 0, "out of memory printing the score sheet");
    const char *mark = "\"trainees\":\t[]";
    char *at = strstr(s, mark);
    if (!at) {
        free(s);
        return cp_error_set(err, NULL, 0, "score sheet: no trainees[] to print");
    }
    size_t head = (size_t)(at - s) + strlen(mark) - 1;   /* up to and with the '[' */
    cp_bytes_add(out, s, head);
    int rc = 0;
    bool first = true;
    cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(doc, "trainees")) {
        if (cp_export_fill(doc, t, err) != 0) {
            rc = -1;
            break;
        }
        char *ts = cJSON_Print(t);
        cp_export_unfill(doc, t);
        if (!ts) {
            rc = cp_error_set(err, NULL, 0, "out of memory printing the score sheet");
            break;
        }
        if (!first)
            cp_bytes_add(out, ", ", 2);
        first = false;
        add_indented(out, ts, 2);
        free(ts);
    }
    if (rc == 0) {
        cp_bytes_add(out, s + head, strlen(s + head));
        cp_bytes_add(out, "\n", 1);
    }
    free(s);
    return rc;
}
