/* export_json.c - the score-sheet document as a JSON file: pretty-printed, members in the order
 * the builder placed them (docs/export-schema.md), ending with a newline. The signature is added
 * afterwards by cp_sign_embed. Must not: reorder or drop members (readers rely on the order
 * being stable between exports). */
#include <stdlib.h>
#include <string.h>

#include "cp_export.h"

int cp_export_json(const cJSON *doc, cp_bytes *out, cp_error *err)
{
    if (cp_export_validate(doc, err) != 0)
        return -1;
    char *s = cJSON_Print(doc);
    if (!s)
        return cp_error_set(err, NULL, 0, "out of memory printing the score sheet");
    cp_bytes_add(out, s, strlen(s));
    cp_bytes_add(out, "\n", 1);
    free(s);
    return 0;
}
