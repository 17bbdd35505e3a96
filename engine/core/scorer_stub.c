/* scorer_stub.c - TEMPORARY: lets the runtime link until the real scorer lands (then deleted).
 * Marks every criterion missed. */
#include "cp_scorer.h"
#include <stdlib.h>
#include <string.h>
static const char *const IDS[] = { "lur.listen", "lur.understand", "lur.respond", "lur.order",
    "empathy.acknowledge", "empathy.no_blame", "empathy.courtesy", "compliance.no_promise",
    "compliance.basis", "compliance.channel", "compliance.privacy", "clarity.plain_language" };
struct cp_scorer { int dummy; };
cp_scorer *cp_scorer_load(const char *dir, cp_error *err) { (void)dir; (void)err; return cp_xcalloc(1, sizeof(cp_scorer)); }
void cp_scorer_free(cp_scorer *sc) { free(sc); }
size_t cp_scorer_count(const cp_scorer *sc) { (void)sc; return 12; }
const char *cp_scorer_id(const cp_scorer *sc, size_t i) { (void)sc; return IDS[i]; }
const char *cp_scorer_name(const cp_scorer *sc, size_t i) { (void)sc; return IDS[i]; }
double cp_scorer_max(const cp_scorer *sc, size_t i) { (void)sc; (void)i; return 1; }
const char *cp_scorer_model(const cp_scorer *sc, size_t i) { (void)sc; (void)i; return ""; }
bool cp_scorer_knows(const cp_scorer *sc, const char *id) { (void)sc; for (int i = 0; i < 12; i++) if (!strcmp(IDS[i], id)) return true; return !strcmp(id, "clarity.one_time_notice"); }
int cp_scorer_grade(const cp_scorer *sc, const cp_score_ctx *ctx, const char *t, size_t len, cp_result *out, cp_error *err)
{ (void)ctx; (void)t; (void)len; (void)err; memset(out, 0, sizeof *out);
  for (size_t i = 0; i < 12; i++) { out->crit[i].id = IDS[i]; out->crit[i].name = IDS[i]; out->crit[i].max = 1; out->max += 1; }
  out->n = 12; (void)sc; return 0; }
const cp_crit_result *cp_result_find(const cp_result *r, const char *id) { for (size_t i = 0; i < r->n; i++) if (!strcmp(r->crit[i].id, id)) return &r->crit[i]; return NULL; }
char *cp_result_json(const cp_result *r, const char *text, size_t len) { (void)r; (void)text; (void)len; return cp_xstrdup("[]"); }
