/* fuzz_scorer.c - libFuzzer target for the scorer, its segmenter and time expressions: any bytes
 * as a reply (and, by the first byte, as the citizen's line before a newline), in a context
 * chosen by the first byte (persona age, identity check, a notice with a deadline, a scenario
 * check, a focus); a reply is either refused with a reason or scored, the result stays in range,
 * its score is the sum of what it shows, and its JSON is valid UTF-8.
 * Run with `make fuzz` (FUZZ_SECONDS=600). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_scorer.h"
#include "cp_utf8.h"

static cp_scorer *S;
static cp_notice N;
static cp_notice_item ITEMS[2];
static cp_check CK;
static cp_strlist GROUPS[2], BASIS, FOCUS;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    const char *dir = getenv("COUNTERPART_RUBRICS");
    cp_error err = { 0 };
    S = cp_scorer_load(dir && *dir ? dir : "scenarios/rubrics", &err);
    if (!S) {
        fprintf(stderr, "fuzz: cannot load rubrics: %s:%d: %s\n", err.file, err.line, err.msg);
        abort();
    }
    ITEMS[0].label = "户口簿原件";
    cp_strlist_push(&ITEMS[0].match, "户口簿");
    cp_strlist_push(&ITEMS[0].where, "派出所");
    ITEMS[1].label = "档案";
    cp_strlist_push(&ITEMS[1].match, "档案");
    N.items = ITEMS;
    N.nitems = 2;
    cp_strlist_push(&N.deadline, "月底前");
    cp_strlist_push(&GROUPS[0], "滞纳金");
    cp_strlist_push(&GROUPS[1], "万分之五");
    CK.id = "arrears.late_fee";
    CK.name = "说明滞纳金";
    CK.note = "要说明滞纳金";
    CK.all = GROUPS;
    CK.nall = 2;
    cp_strlist_push(&BASIS, "社会保险法");
    cp_strlist_push(&FOCUS, "lur.listen");
    cp_strlist_push(&FOCUS, "empathy.acknowledge");
    cp_strlist_push(&FOCUS, "lur.respond");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cp_score_ctx ctx = { 0 };
    if (size > 0) {
        uint8_t f = data[0];
        ctx.age = (f & 1) ? 70 : 30;
        ctx.identity_required = (f & 2) != 0;
        ctx.notice = (f & 4) ? &N : NULL;
        if (f & 8) {
            ctx.checks = &CK;
            ctx.nchecks = 1;
        }
        ctx.basis = (f & 16) ? &BASIS : NULL;
        if (f & 64) {
            ctx.focus = &FOCUS;
            ctx.scenario = "missing_materials";
            ctx.node = "notice";
        }
        data++;
        size--;
    }
    /* the citizen's line (and a history line) before the first newline */
    static char citizen[4096];
    cp_line hist[1];
    if (size > 0 && (data[-1] & 32)) {
        const uint8_t *nl = memchr(data, '\n', size);
        if (nl && (size_t)(nl - data) < sizeof citizen) {
            size_t k = (size_t)(nl - data);
            memcpy(citizen, data, k);
            citizen[k] = '\0';
            ctx.citizen = citizen;
            hist[0] = (cp_line){ "citizen", citizen };
            ctx.history = hist;
            ctx.nhistory = 1;
            data = nl + 1;
            size -= k + 1;
        }
    }
    static cp_result r;
    cp_error err = { 0 };
    const char *text = (const char *)data;
    if (cp_scorer_grade(S, &ctx, text, size, &r, &err) != 0) {
        if (!err.msg[0])
            abort();   /* an error must say why */
        return 0;
    }
    size_t ncp = cp_utf8_count(text, size);
    if ((!ctx.focus && r.n < cp_scorer_count(S)) || r.n > CP_MAX_CRITERIA)
        abort();
    double sum = 0, max = 0;
    for (size_t i = 0; i < r.n; i++) {
        const cp_crit_result *c = &r.crit[i];
        sum += c->score;
        max += c->max;
        if (!c->id || !c->name || c->nev > CP_MAX_EVIDENCE || c->score < 0 || c->score > c->max)
            abort();
        if (!cp_utf8_valid(c->note, strlen(c->note)))
            abort();
        for (size_t k = 0; k < c->nev; k++)
            if (c->ev[k].start >= c->ev[k].end || c->ev[k].end > ncp)
                abort();
    }
    if (sum != r.score || max != r.max)
        abort();   /* a turn shows exactly what it scores */
    char *js = cp_result_json(&r, text, size);
    if (!js || !cp_utf8_valid(js, strlen(js)))
        abort();
    free(js);
    return 0;
}
