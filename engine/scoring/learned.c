/* learned.c - where the learned layer's weights come from: $COUNTERPART_MODEL, else the weights
 * `counterpart learn` fitted on trainers' corrections (the data folder's scorer.model), else the
 * rubric folder's scorer.model (shipped). The front ends (the window, the CLI) call
 * cp_scorer_use_local after loading a scorer so every result names the weights that made it.
 * Must not: write files (learn does), touch Lua, SDL or records. */
#include "cp_scorer.h"
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cp_scorer_learned_path(char *buf, size_t size, cp_error *err)
{
    return cp_data_file("COUNTERPART_LEARNED", "scorer.model", "the learned scorer model", buf,
                        size, err);
}

int cp_scorer_model_path(const char *rubrics_dir, char *buf, size_t size, cp_error *err)
{
    const char *env = getenv("COUNTERPART_MODEL");
    int n;
    if (env && *env) {
        n = snprintf(buf, size, "%s", strcmp(env, "none") == 0 ? "" : env);
    } else {
        if (cp_scorer_learned_path(buf, size, err) != 0)
            return -1;
        if (access(buf, F_OK) == 0)
            return 0;
        n = snprintf(buf, size, "%s/scorer.model", rubrics_dir ? rubrics_dir : "scenarios/rubrics");
        if (n >= 0 && (size_t)n < size && access(buf, F_OK) != 0)
            buf[0] = '\0';
    }
    if (n < 0 || (size_t)n >= size)
        return cp_error_set(err, NULL, 0, "the path of the scorer model is too long");
    return 0;
}

int cp_scorer_use_local(cp_scorer *sc, cp_error *err)
{
    const char *env = getenv("COUNTERPART_MODEL");
    if (env && *env)
        return 0;   /* chosen when the scorer was loaded */
    char path[4096];
    cp_error e = { 0 };
    if (cp_scorer_learned_path(path, sizeof path, &e) != 0)
        return 0;   /* no data folder (no HOME): nothing was learned here */
    if (access(path, F_OK) != 0)
        return 0;
    if (cp_scorer_load_model(sc, path, &e) != 0)
        return cp_error_set(err, e.file, e.line, "%.900s (written by `counterpart learn`; "
                            "`counterpart learn --rollback` restores the previous weights)", e.msg);
    return 0;
}

int cp_scorer_file_version(const char *path, char *buf, size_t size, cp_error *err)
{
    if (!path || !*path) {
        snprintf(buf, size, "rules");
        return 0;
    }
    cp_model *m = md_load(path, err);
    if (!m)
        return -1;
    snprintf(buf, size, "model:%.12s", m->version);
    md_free(m);
    return 0;
}
