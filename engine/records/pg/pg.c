/* pg.c - placeholder */
#include "records/db.h"
rec_conn *rec_pg_open(const char *uri, int busy_ms, bool existing, int target, int *version,
                      cp_error *err)
{
    cp_error_set(err, uri, 0, "PostgreSQL is not built in");
    return NULL;
}
