/* test_ui_class.c - the classroom layer without a display: who is at the keyboard is recorded per
 * turn (and 轮流 rotates it), the session belongs to the first trainee at the keyboard, pausing
 * keeps the reply box, the case review lists answers best first with who gave them, an override
 * needs a comment and the passphrase when one is set and keeps the automatic result beside it,
 * roster import problems are listed with line numbers, and the cohort summary matches a hand
 * computation (each classroom turn counted for the trainee who answered it; a trainee with no
 * answered turn listed apart as 未作答, not below the pass mark). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "records_backend.h"
#include "records/records_int.h"
#include "cp_ui_class.h"

#define SCEN "scenarios/missing_materials.lua"
#define GOOD1 "王师傅，跑了三趟，换谁都着急，给您添麻烦了，对不起。您先坐，喝口水，慢慢说：前两次是怎么跟您讲的？"
#define GOOD2 "我确认一下：您是说前两次每回只说缺一样，让您白跑了三趟，对吗？这是我们没讲清楚，对不起。今天我一次给您列全。"

typedef struct env {
    char dir[64], path[128];
    cp_scorer *scorer;
    cp_records *db;
    cp_ui *ui;
    cp_ui_class *c;
} env;

static int setup(void **st)
{
    env *e = calloc(1, sizeof *e);
    if (records_test_dir_new(e->dir, sizeof e->dir, "class", e->path, sizeof e->path) != 0)
        return -1;
    char key[128];
    snprintf(key, sizeof key, "%s/signing.key", e->dir);
    setenv("COUNTERPART_KEY", key, 1);
    cp_error err = { 0 };
    e->scorer = cp_scorer_load("scenarios/rubrics", &err);
    e->db = cp_records_open(e->path, 0, &err);
    if (!e->scorer || !e->db)
        return -1;
    rec_fast_hash_for_tests(true);
    e->ui = cp_ui_new(e->scorer, "scenarios");
    e->c = cp_ui_class_new(e->ui, e->db, e->scorer);
    *st = e;
    return 0;
}

static int teardown(void **st)
{
    env *e = *st;
    cp_ui_class_free(e->c);
    cp_ui_free(e->ui);
    cp_records_close(e->db);
    cp_scorer_free(e->scorer);
    if (records_test_dir_remove(e->dir) != 0)
        return -1;
    free(e);
    return 0;
}

/* Imports the UTF-8 fixture (一班: 王小明 1001, 李华 1002) and opens the scenario. */
static void start_class(env *e)
{
    cp_error err = { 0 };
    if (cp_ui_class_import(e->c, "tests/fixtures/roster_utf8.csv", &err) != 0)
        die(&err);
    assert_string_equal(cp_ui_class_group(e->c), "一班");
    assert_int_equal(cp_ui_class_nmembers(e->c), 2);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_CLOSE, 0);
    if (cp_ui_open(e->ui, SCEN, &err) != 0)
        die(&err);
    cp_ui_class_sync(e->c);
    assert_true(cp_ui_class_session(e->c) > 0);
}

/* Types a reply and sends it; the class layer records it. Leaves the feedback screen showing. */
static void answer(env *e, const char *text)
{
    cp_ui_text(e->ui, text);
    cp_ui_press(e->ui, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_screen_now(e->ui), CP_UI_FEEDBACK);
    cp_ui_class_sync(e->c);
}

static int64_t id_of(env *e, const char *staff)
{
    cp_trainee t;
    cp_error err = { 0 };
    if (cp_records_trainee_find(e->db, staff, &t, &err) != 0)
        die(&err);
    return t.id;
}

static void keyboard_recorded_per_turn(void **st)
{
    env *e = *st;
    start_class(e);
    int64_t wang = id_of(e, "1001"), li = id_of(e, "1002");
    assert_int_equal(cp_ui_class_keyboard(e->c), 0);
    assert_int_equal(cp_ui_class_session_trainee(e->c), wang);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_KEYBOARD, 1);          /* 李华 answers turn 1 */
    answer(e, GOOD1);
    cp_ui_press(e->ui, CP_UI_KEY_ENTER);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_KEYBOARD, 0);          /* 王小明 answers turn 2 */
    answer(e, GOOD2);
    size_t n = 0;
    cp_error err = { 0 };
    cp_records_set_self(e->db, wang);
    cp_rec_turn *t = cp_records_turns(e->db, cp_ui_class_session(e->c), &n, &err);
    if (!t)
        die(&err);
    assert_int_equal(n, 2);
    assert_int_equal(t[0].keyboard, li);
    assert_int_equal(t[1].keyboard, wang);
    assert_string_equal(t[0].reply, GOOD1);
    cp_rec_turns_free(t, n);
    cp_rec_session s;
    if (cp_records_session_get(e->db, cp_ui_class_session(e->c), &s, &err) != 0)
        die(&err);
    assert_string_equal(s.mode, "classroom");
    assert_int_equal(s.trainee, wang); /* the session belongs to who was at the keyboard at start */
}

static void rotation_moves_the_keyboard(void **st)
{
    env *e = *st;
    start_class(e);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_ROTATE, 1);
    assert_true(cp_ui_class_rotating(e->c));
    answer(e, GOOD1);
    assert_int_equal(cp_ui_class_keyboard(e->c), 1);
    cp_ui_press(e->ui, CP_UI_KEY_ENTER);
    answer(e, GOOD2);
    assert_int_equal(cp_ui_class_keyboard(e->c), 0); /* wraps around the class */
    size_t n = 0;
    cp_error err = { 0 };
    cp_rec_turn *t = cp_records_turns(e->db, cp_ui_class_session(e->c), &n, &err);
    assert_non_null(t);
    assert_int_equal(n, 2);
    assert_int_equal(t[0].keyboard, id_of(e, "1001"));
    assert_int_equal(t[1].keyboard, id_of(e, "1002"));
    cp_rec_turns_free(t, n);
    /* no sync without a new turn: nothing recorded twice */
    cp_ui_class_sync(e->c);
    t = cp_records_turns(e->db, cp_ui_class_session(e->c), &n, &err);
    assert_int_equal(n, 2);
    cp_rec_turns_free(t, n);
}

static void pause_keeps_the_reply(void **st)
{
    env *e = *st;
    start_class(e);
    cp_ui_text(e->ui, "我先写一半");
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_PAUSE, 0);
    assert_int_equal(cp_ui_class_view(e->c), CP_CLASS_DISCUSS);
    assert_true(cp_ui_class_discuss_ncrit(e->c) > 0);
    assert_non_null(cp_ui_class_discuss_model(e->c));
    assert_true(strlen(cp_ui_class_discuss_citizen(e->c)) > 0);
    bool listen = false;
    for (size_t i = 0; i < cp_ui_class_discuss_ncrit(e->c); i++) {
        const cp_class_crit *k = cp_ui_class_discuss_crit(e->c, i);
        if (!strcmp(k->id, "lur.listen")) {
            listen = true;
            assert_string_equal(k->name, "倾听与开放式提问");
            assert_non_null(strstr(k->desc, "开放式提问")); /* the rubric's definition */
        }
    }
    assert_true(listen);
    cp_ui_class_text(e->c, "讨论时敲的字");   /* goes nowhere while paused */
    cp_ui_class_press(e->c, CP_UI_KEY_ESCAPE);
    assert_int_equal(cp_ui_class_view(e->c), CP_CLASS_NONE);
    assert_string_equal(cp_ui_reply(e->ui)->text, "我先写一半");
    assert_int_equal(cp_ui_screen_now(e->ui), CP_UI_DIALOGUE);
}

/* Plays turn 1 in three sessions (good, poor, good) with different trainees at the keyboard. */
static void three_answers(env *e)
{
    start_class(e);
    answer(e, GOOD1);
    cp_ui_act(e->ui, CP_UI_ACT_RETRY, 0); /* a new session of the same scenario */
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_KEYBOARD, 1);
    cp_ui_class_sync(e->c);
    if (cp_ui_screen_now(e->ui) != CP_UI_DIALOGUE) { /* retry lives on the end screen: open anew */
        cp_error err = { 0 };
        if (cp_ui_open(e->ui, SCEN, &err) != 0)
            die(&err);
        cp_ui_class_sync(e->c);
    }
    answer(e, "好的");
}

static void case_review_best_first(void **st)
{
    env *e = *st;
    three_answers(e);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_CASES, 0);
    assert_int_equal(cp_ui_class_view(e->c), CP_CLASS_CASES);
    assert_false(cp_ui_class_locked(e->c));
    assert_int_equal(cp_ui_class_ncases(e->c), 2);
    const cp_rec_turn *a = cp_ui_class_case(e->c, 0), *b = cp_ui_class_case(e->c, 1);
    assert_true(a->final > b->final);
    assert_string_equal(a->reply, GOOD1);
    assert_non_null(strstr(cp_ui_class_case_who(e->c, 0), "王小明"));
    assert_non_null(strstr(cp_ui_class_case_who(e->c, 1), "李华"));
    /* the answer just given (the poor one, on the feedback screen) is selected */
    assert_int_equal(cp_ui_class_case_sel(e->c), 1);
    /* evidence: the good answer's empathy words are found again */
    const cp_crit_result *ev = cp_ui_class_case_eval(e->c, 0, "empathy.acknowledge");
    assert_non_null(ev);
    assert_true(ev->met && ev->nev > 0);
    cp_ui_class_press(e->c, CP_UI_KEY_LEFT);
    assert_int_equal(cp_ui_class_case_sel(e->c), 0);
}

static void override_needs_comment_and_passphrase(void **st)
{
    env *e = *st;
    three_answers(e);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_CASES, 0);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_SELECT, 1);          /* the poor answer */
    const cp_rec_crit *k = NULL;
    int pick = -1;
    for (int i = 0; pick < 0 && cp_ui_class_cmd(e->c, CP_CLASS_CMD_CRIT, i); i++) {
        k = cp_ui_class_ov_crit(e->c);
        if (k && !k->met)
            pick = i;
    }
    assert_true(pick >= 0);
    char crit[96];
    snprintf(crit, sizeof crit, "%s", k->id);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_OVERRIDE, 0);
    assert_int_equal(cp_ui_class_view(e->c), CP_CLASS_OVERRIDE);
    assert_true(cp_ui_class_ov_met(e->c));                   /* proposes the other result */
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_CONFIRM, 0);
    assert_non_null(strstr(cp_ui_class_message(e->c), "理由"));   /* the comment is required */
    assert_int_equal(cp_ui_class_view(e->c), CP_CLASS_OVERRIDE);
    /* typed through an input method: the pinyin shows in the comment box while composing,
     * only the committed words are the comment */
    assert_int_equal(cp_ui_class_compose(e->c, "taidu", 5), CP_UI_CHANGED);
    assert_int_equal(cp_ui_class_focus(e->c), 1);
    char *shown = cp_ui_edit_display(cp_ui_class_ov_why(e->c), NULL, NULL, NULL);
    assert_string_equal(shown, "taidu");
    free(shown);
    assert_int_equal(cp_ui_class_ov_why(e->c)->len, 0);
    cp_ui_class_compose(e->c, "", 0);
    cp_ui_class_text(e->c, "态度诚恳，评分器漏判");
    assert_string_equal(cp_ui_class_ov_why(e->c)->compose, "");
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_CONFIRM, 0);
    assert_non_null(strstr(cp_ui_class_message(e->c), "口令"));  /* none set: refused */
    cp_error err = { 0 };
    if (cp_records_passphrase_set(e->db, NULL, "correct horse 社保", &err) != 0)
        die(&err);
    e->db->unlocked = false; /* as on a handle opened after the passphrase was set */
    assert_true(cp_ui_class_ov_needs_pass(e->c));
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_FOCUS, 2);
    assert_true(cp_ui_class_edit_secret(e->c));
    cp_ui_class_text(e->c, "wrong passphrase");
    cp_ui_class_press(e->c, CP_UI_KEY_ENTER);
    assert_non_null(strstr(cp_ui_class_message(e->c), "不正确"));
    assert_int_equal(cp_ui_class_ov_pass(e->c)->len, 0);     /* a wrong passphrase is wiped */
    rec_stmt *q = rec_prepare(e->db, "SELECT count(*) FROM overrides", &err);
    assert_int_equal(rec_step(q), REC_ROW);
    assert_int_equal(rec_col_int(q, 0), 0);
    rec_finalize(q);
    cp_ui_class_text(e->c, "correct horse 社保");
    cp_ui_class_press(e->c, CP_UI_KEY_ENTER);
    assert_int_equal(cp_ui_class_view(e->c), CP_CLASS_CASES);
    /* find the overridden criterion again (the order of answers may have changed) */
    const cp_rec_crit *after = NULL;
    for (size_t i = 0; i < cp_ui_class_ncases(e->c); i++) {
        const cp_rec_turn *t = cp_ui_class_case(e->c, i);
        for (size_t j = 0; j < t->ncrit; j++)
            if (!strcmp(t->crit[j].id, crit) && t->crit[j].met_override >= 0)
                after = &t->crit[j];
    }
    assert_non_null(after);
    assert_false(after->met_auto);          /* the automatic result is kept */
    assert_int_equal(after->met_override, 1);
    assert_true(after->met);
    assert_string_equal(after->by, "培训师");
    const char *txt = cp_ui_class_override_text(e->c, after);
    assert_string_equal(txt, "原判 未达标 → 改判 达标 · 培训师：态度诚恳，评分器漏判");
}

static void roster_problems_with_lines(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    if (cp_ui_class_import(e->c, "tests/fixtures/roster_bad.csv", &err) != 0)
        die(&err);
    assert_non_null(strstr(cp_ui_class_import_report(e->c), "导入 3 人，跳过 5 行"));
    assert_int_equal(cp_ui_class_nproblems(e->c), 5);
    assert_non_null(strstr(cp_ui_class_problem(e->c, 0), "roster_bad.csv:3: 工号 is empty"));
    assert_non_null(strstr(cp_ui_class_problem(e->c, 4), "roster_bad.csv:8: 工号 1001 appears twice"));
    /* an unreadable file is an error, not a crash, and the view keeps its state */
    assert_int_equal(cp_ui_class_import(e->c, "tests/fixtures/no_such.csv", &err), -1);
    assert_int_equal(cp_ui_class_cmd(e->c, CP_CLASS_CMD_IMPORT, 0), CP_UI_CHANGED);
    assert_non_null(strstr(cp_ui_class_message(e->c), "路径"));
}

static void cohort_matches_hand_computation(void **st)
{
    (void)st;
    size_t len;
    cp_error err = { 0 };
    char *js = cp_read_file("tests/fixtures/scoresheet_two.json", 1 << 22, &len, &err);
    assert_non_null(js);
    cJSON *doc = cJSON_Parse(js);
    free(js);
    assert_non_null(doc);
    cp_class_cohort co = { 0 };
    if (cp_class_cohort_read(doc, &co, &err) != 0)
        die(&err);
    /* by hand: population mean and sd of the trainees' summary rates, per criterion */
    const cJSON *tr = cJSON_GetObjectItem(doc, "trainees"), *t;
    assert_true(co.ncrit > 0);
    for (size_t i = 0; i < co.ncrit; i++) {
        double sum = 0, sq = 0;
        int n = 0;
        cJSON_ArrayForEach(t, tr) {
            const cJSON *cr = cJSON_GetObjectItem(cJSON_GetObjectItem(t, "summary"), "criteria"), *k;
            cJSON_ArrayForEach(k, cr) {
                const cJSON *rate = cJSON_GetObjectItem(k, "rate");
                if (!strcmp(cJSON_GetObjectItem(k, "id")->valuestring, co.crit[i].id) && cJSON_IsNumber(rate)) {
                    sum += rate->valuedouble;
                    sq += rate->valuedouble * rate->valuedouble;
                    n++;
                }
            }
        }
        assert_int_equal(co.crit[i].n, n);
        /* the document rounds rates to 4 decimals: compare within that rounding */
        double mean = sum / n;
        assert_true(fabs(co.crit[i].mean - mean) < 1e-3);
        assert_true(fabs(co.crit[i].sd - sqrt(fabs(sq / n - mean * mean))) < 1e-3);
    }
    assert_int_equal(co.trainees, 2);
    assert_string_equal(co.weakest[0], "倾听与开放式提问");   /* ids become names */
    assert_int_equal(co.nbelow, 1);
    assert_string_equal(co.below[0].name, "李国强");
    assert_true(fabs(co.below[0].percent - 45.0) < 1e-9);
    cp_class_cohort_free(&co);
    /* a document without a cohort names the member */
    cJSON_DeleteItemFromObject(doc, "cohort");
    assert_int_equal(cp_class_cohort_read(doc, &co, &err), -1);
    assert_non_null(strstr(err.msg, "$.cohort"));
    cJSON_Delete(doc);
}

static void cohort_and_export_from_the_class(void **st)
{
    env *e = *st;
    three_answers(e);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_COHORT, 0);
    assert_int_equal(cp_ui_class_view(e->c), CP_CLASS_COHORT);
    const cp_class_cohort *co = cp_ui_class_cohort(e->c);
    if (!co)
        fail_msg("%s", cp_ui_class_message(e->c));
    assert_int_equal(co->trainees, 2);
    /* empathy.acknowledge at turn 1: met by 王小明's answer, missed by 李华's "好的" */
    bool seen = false;
    for (size_t i = 0; i < co->ncrit; i++)
        if (!strcmp(co->crit[i].id, "empathy.acknowledge")) {
            seen = true;
            assert_int_equal(co->crit[i].n, 2);
            assert_true(fabs(co->crit[i].mean - 0.5) < 1e-9);
            assert_true(fabs(co->crit[i].sd - 0.5) < 1e-9);
        }
    assert_true(seen);
    char dir[128];
    snprintf(dir, sizeof dir, "%s/out", e->dir);
    cp_ui_class_set_export_dir(e->c, dir);
    cp_ui_class_press(e->c, CP_UI_KEY_ENTER);
    assert_true(cp_ui_class_nexported(e->c) >= 1);
    for (size_t i = 0; i < cp_ui_class_nexported(e->c); i++) {
        struct stat sb;
        assert_int_equal(stat(cp_ui_class_exported(e->c, i), &sb), 0);
        assert_true(sb.st_size > 0);
    }
    assert_non_null(strstr(cp_ui_class_message(e->c), dir));
}

/* One session of 王小明's in which 李华 answers turn 1 and 王小明 turn 2: the cohort counts each
 * turn for whoever answered it (two trainees, not one), checked against the records by hand. */
static void cohort_credits_who_answered(void **st)
{
    env *e = *st;
    start_class(e);
    int64_t wang = id_of(e, "1001"), li = id_of(e, "1002");
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_KEYBOARD, 1);          /* 李华 answers turn 1, poorly */
    answer(e, "好的");
    cp_ui_press(e->ui, CP_UI_KEY_ENTER);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_KEYBOARD, 0);          /* 王小明 answers turn 2 */
    answer(e, GOOD2);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_COHORT, 0);
    const cp_class_cohort *co = cp_ui_class_cohort(e->c);
    if (!co)
        fail_msg("%s", cp_ui_class_message(e->c));
    assert_int_equal(co->trainees, 2);
    size_t n = 0;
    cp_error err = { 0 };
    cp_rec_turn *t = cp_records_turns(e->db, cp_ui_class_session(e->c), &n, &err);
    if (!t)
        die(&err);
    assert_int_equal(n, 2);
    assert_int_equal(t[0].keyboard, li);
    assert_int_equal(t[1].keyboard, wang);
    /* by hand: each trainee's rate is over the one turn they answered */
    assert_true(co->ncrit > 0);
    for (size_t i = 0; i < co->ncrit; i++) {
        double sum = 0, sq = 0;
        int k = 0;
        for (size_t j = 0; j < n; j++)
            for (size_t c = 0; c < t[j].ncrit; c++)
                if (t[j].crit[c].focus && !strcmp(t[j].crit[c].id, co->crit[i].id)) {
                    double r = t[j].crit[c].met ? 1 : 0;
                    sum += r;
                    sq += r * r;
                    k++;
                }
        assert_int_equal(co->crit[i].n, k);
        double mean = sum / k;
        assert_true(fabs(co->crit[i].mean - mean) < 1e-4);
        assert_true(fabs(co->crit[i].sd - sqrt(fabs(sq / k - mean * mean))) < 1e-4);
    }
    cp_rec_turns_free(t, n);
}

/* 王小明 starts the class session but 李华 answers every turn: 王小明 has no counted turn, so the
 * cohort view lists him as 未作答 (no_record), not below the pass mark; 李华's poor answers are. */
static void cohort_no_record_apart_from_below_pass(void **st)
{
    env *e = *st;
    start_class(e);
    assert_int_equal(cp_ui_class_session_trainee(e->c), id_of(e, "1001"));
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_KEYBOARD, 1);          /* 李华 answers, poorly */
    answer(e, "好的");
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_COHORT, 0);
    const cp_class_cohort *co = cp_ui_class_cohort(e->c);
    if (!co)
        fail_msg("%s", cp_ui_class_message(e->c));
    assert_int_equal(co->trainees, 2);
    assert_int_equal(co->with_record, 1);
    assert_int_equal(co->nnorec, 1);
    assert_string_equal(co->norec[0].name, "王小明");
    assert_string_equal(co->norec[0].staff_no, "1001");
    assert_int_equal(co->nbelow, 1);
    assert_string_equal(co->below[0].name, "李华");
    for (size_t i = 0; i < co->ncrit; i++)
        assert_true(co->crit[i].n <= 1);                     /* only 李华 has rates */
}

/* A class of three just imported, nobody has answered yet: the summary counts all three as
 * members, lists all three as 未作答, and claims nothing (no weakest criterion, no "all passed"):
 * cp_ui_class_cohort_empty says there is nothing to summarise yet. */
static void cohort_of_a_class_with_no_answers(void **st)
{
    env *e = *st;
    char csv[200];
    snprintf(csv, sizeof csv, "%s/three.csv", e->dir);
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fputs("姓名,工号,班组\n甲一,2001,三班\n乙二,2002,三班\n丙三,2003,三班\n丁四,2004,四班\n", f);
    fclose(f);
    cp_error err = { 0 };
    if (cp_ui_class_import(e->c, csv, &err) != 0)
        die(&err);
    if (cp_ui_class_choose_group(e->c, "三班", &err) != 0)
        die(&err);
    assert_int_equal(cp_ui_class_nmembers(e->c), 3);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_CLOSE, 0);
    if (cp_ui_open(e->ui, SCEN, &err) != 0)
        die(&err);
    cp_ui_class_sync(e->c);                                  /* a session starts, no turn yet */
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_COHORT, 0);
    const cp_class_cohort *co = cp_ui_class_cohort(e->c);
    if (!co)
        fail_msg("%s", cp_ui_class_message(e->c));
    assert_int_equal(co->trainees, 3);
    assert_int_equal(co->with_record, 0);
    assert_int_equal(co->nnorec, 3);
    assert_int_equal(co->nbelow, 0);
    assert_true(cp_ui_class_cohort_empty(e->c));
    const char *say = cp_ui_class_cohort_status(e->c);
    assert_non_null(strstr(say, "还没有"));
    assert_null(strstr(say, "全部达"));
    /* one answer later it is no longer empty and counts the same three members */
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_CLOSE, 0);
    answer(e, GOOD1);
    cp_ui_class_cmd(e->c, CP_CLASS_CMD_COHORT, 0);
    co = cp_ui_class_cohort(e->c);
    assert_non_null(co);
    assert_int_equal(co->trainees, 3);
    assert_int_equal(co->with_record, 1);
    assert_int_equal(co->nnorec, 2);
    assert_false(cp_ui_class_cohort_empty(e->c));
}

/* A document from a writer before cohort.no_record reads with an empty list and with_record equal
 * to trainees; a no_record that is not an array is named. */
static void cohort_reads_older_documents(void **st)
{
    (void)st;
    size_t len;
    cp_error err = { 0 };
    char *js = cp_read_file("tests/fixtures/scoresheet_two.json", 1 << 22, &len, &err);
    assert_non_null(js);
    cJSON *doc = cJSON_Parse(js);
    free(js);
    assert_non_null(doc);
    cJSON *co = cJSON_GetObjectItem(doc, "cohort");
    cJSON_DeleteItemFromObject(co, "no_record");
    cJSON_DeleteItemFromObject(co, "with_record");
    cp_class_cohort c = { 0 };
    if (cp_class_cohort_read(doc, &c, &err) != 0)
        die(&err);
    assert_int_equal(c.nnorec, 0);
    assert_int_equal(c.with_record, c.trainees);
    cJSON *one = cJSON_CreateObject();
    cJSON_AddNumberToObject(one, "id", 7);
    cJSON_AddStringToObject(one, "name", "周七");
    cJSON_AddStringToObject(one, "staff_no", "1007");
    cJSON *arr = cJSON_CreateArray();
    cJSON_AddItemToArray(arr, one);
    cJSON_AddItemToObject(co, "no_record", arr);
    cJSON_AddNumberToObject(co, "with_record", 1);
    if (cp_class_cohort_read(doc, &c, &err) != 0)
        die(&err);
    assert_int_equal(c.nnorec, 1);
    assert_string_equal(c.norec[0].name, "周七");
    assert_int_equal(c.with_record, 1);
    cJSON_ReplaceItemInObject(co, "no_record", cJSON_CreateNumber(1));
    assert_int_equal(cp_class_cohort_read(doc, &c, &err), -1);
    assert_non_null(strstr(err.msg, "no_record"));
    cp_class_cohort_free(&c);
    cJSON_Delete(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(keyboard_recorded_per_turn, setup, teardown),
        cmocka_unit_test_setup_teardown(rotation_moves_the_keyboard, setup, teardown),
        cmocka_unit_test_setup_teardown(pause_keeps_the_reply, setup, teardown),
        cmocka_unit_test_setup_teardown(case_review_best_first, setup, teardown),
        cmocka_unit_test_setup_teardown(override_needs_comment_and_passphrase, setup, teardown),
        cmocka_unit_test_setup_teardown(roster_problems_with_lines, setup, teardown),
        cmocka_unit_test(cohort_matches_hand_computation),
        cmocka_unit_test_setup_teardown(cohort_and_export_from_the_class, setup, teardown),
        cmocka_unit_test_setup_teardown(cohort_credits_who_answered, setup, teardown),
        cmocka_unit_test_setup_teardown(cohort_no_record_apart_from_below_pass, setup, teardown),
        cmocka_unit_test_setup_teardown(cohort_of_a_class_with_no_answers, setup, teardown),
        cmocka_unit_test(cohort_reads_older_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
