/* test_ending.c - the end screen's report (cp_session_ending_report): the ending's Chinese name
 * (never an id), why, the rating, what a 5 takes, the turns that moved the persona most and the
 * criteria whose reacts moved them, the totals and each criterion's met count; and the case
 * brief as text (cp_scenario_brief_text). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_session.h"

#define FX "tests/fixtures/"

typedef struct env {
    cp_scorer *scorer;
    cp_scenario *sc, *branching;
} env;

static cp_scenario *load(const char *path)
{
    cp_error err = { 0 };
    cp_scenario *sc = cp_scenario_load(path, &err);
    if (!sc) {
        char buf[2048];
        fprintf(stderr, "setup: %s\n", cp_error_format(&err, buf, sizeof buf));
    }
    return sc;
}

static int setup(void **st)
{
    cp_error err = { 0 };
    env *e = calloc(1, sizeof *e);
    e->scorer = cp_scorer_load("scenarios/rubrics", &err);
    e->sc = load(FX "report.lua");
    e->branching = load(FX "branching.lua");
    if (!e->scorer || !e->sc || !e->branching)
        return -1;
    *st = e;
    return 0;
}

static int teardown(void **st)
{
    env *e = *st;
    cp_scenario_free(e->sc);
    cp_scenario_free(e->branching);
    cp_scorer_free(e->scorer);
    free(e);
    return 0;
}

static void reply_ok(cp_session *s, const char *text, int choice)
{
    cp_error err = { 0 };
    if (cp_session_reply(s, text, choice, &err) != 0) {
        char buf[2048];
        fail_msg("reply failed: %s", cp_error_format(&err, buf, sizeof buf));
    }
}

/* Four turns at report.lua: courteous (anger -10, trust +5), courteous again, a blaming reply
 * (no_blame and courtesy missed: anger +29, trust -20), courteous; ends at 'done' (rated 3). */
static cp_session *play_report(env *e)
{
    cp_error err = { 0 };
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    assert_non_null(s);
    reply_ok(s, "您好，请坐，谢谢您。", 0);
    reply_ok(s, "您好，请您稍等一下，谢谢。", 0);
    reply_ok(s, "这是你自己的问题，怪不得别人。", 0);
    reply_ok(s, "请您稍等，谢谢。", 0);
    assert_true(cp_session_ended(s));
    return s;
}

static void not_ended_gives_no_report(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    cp_session *s = cp_session_new(e->sc, e->scorer, &err);
    assert_non_null(s);
    cp_ending_report r;
    memset(&r, 0x5a, sizeof r);
    assert_int_equal(cp_session_ending_report(s, &r), -1);
    assert_null(r.title);
    assert_int_equal(r.nmoments, 0);
    cp_session_free(s);
}

static void report_names_the_ending_and_rating(void **st)
{
    cp_session *s = play_report(*st);
    cp_ending_report r;
    assert_int_equal(cp_session_ending_report(s, &r), 0);
    assert_string_equal(r.title, "部分解决");
    assert_string_equal(r.explain, "事情办了一半，对方心里还不踏实。");
    assert_int_equal(r.rating, 3);
    assert_string_equal(r.rating_name, "基本满意");
    assert_string_equal(r.top, "全程礼貌，不指责");   /* rated below 5: what a 5 takes */
    cp_session_free(s);
}

static void report_sums_turns_and_counts_criteria(void **st)
{
    cp_session *s = play_report(*st);
    cp_ending_report r;
    assert_int_equal(cp_session_ending_report(s, &r), 0);
    double score = 0, max = 0;
    for (size_t i = 0; i < cp_session_nturns(s); i++) {
        score += cp_session_turn(s, i)->score;
        max += cp_session_turn(s, i)->max;
    }
    assert_true(r.score == score && r.max == max);
    assert_true(r.max > r.score);
    const cp_ending_crit *courtesy = NULL, *blame = NULL;
    for (size_t i = 0; i < r.ncrit; i++) {
        if (!strcmp(r.crit[i].id, "empathy.courtesy"))
            courtesy = &r.crit[i];
        if (!strcmp(r.crit[i].id, "empathy.no_blame"))
            blame = &r.crit[i];
    }
    assert_non_null(courtesy);
    assert_int_equal(courtesy->shown, 4);
    assert_int_equal(courtesy->met, 3);
    assert_non_null(blame);              /* out of focus, shown once: when it was broken */
    assert_int_equal(blame->shown, 1);
    assert_int_equal(blame->met, 0);
    assert_string_equal(courtesy->name, "文明用语");
    assert_string_equal(r.crit[0].id, "empathy.courtesy");   /* first-shown order */
    cp_session_free(s);
}

static void moments_are_the_biggest_moves_in_turn_order_with_why(void **st)
{
    cp_session *s = play_report(*st);
    cp_ending_report r;
    assert_int_equal(cp_session_ending_report(s, &r), 0);
    /* moves: -10/+5, -10/+5, +29/-20, -10/+5: the blow-up and the two earliest of the ties */
    assert_int_equal(r.nmoments, 3);
    assert_int_equal(r.moments[0].turn, 0);
    assert_int_equal(r.moments[1].turn, 1);
    assert_int_equal(r.moments[2].turn, 2);
    assert_int_equal(r.moments[0].d_anger, -10);
    assert_int_equal(r.moments[0].d_trust, 5);
    assert_int_equal(r.moments[2].d_anger, 29);
    assert_int_equal(r.moments[2].d_trust, -20);
    assert_string_equal(r.moments[0].why, "做到「文明用语」（怒气-10，信任+5）");
    /* the biggest react first */
    assert_non_null(strstr(r.moments[2].why, "没做到「不指责"));
    assert_true(strstr(r.moments[2].why, "不指责") < strstr(r.moments[2].why, "文明用语"));
    assert_non_null(strstr(r.moments[2].why, "（怒气+25，信任-20）"));
    assert_non_null(strstr(r.moments[2].why, "（怒气+4）"));
    cp_session_free(s);
}

static void a_five_needs_no_top_and_outcome_names_an_untitled_ending(void **st)
{
    env *e = *st;
    cp_error err = { 0 };
    cp_session *s = cp_session_new(e->branching, e->scorer, &err);
    assert_non_null(s);
    reply_ok(s, NULL, 1);                 /* a -> b */
    reply_ok(s, "您好，请稍等。", 0);       /* b -> b */
    reply_ok(s, "您好，请稍等。", 0);       /* b -> good (rated 5, no title) */
    assert_string_equal(cp_session_node(s)->id, "good");
    cp_ending_report r;
    assert_int_equal(cp_session_ending_report(s, &r), 0);
    assert_string_equal(r.title, "问题解决");   /* its outcome in Chinese, not "good" */
    assert_string_equal(r.top, "");
    assert_string_equal(r.explain, "");
    assert_int_equal(r.rating, 5);
    assert_string_equal(r.rating_name, "非常满意");
    cp_session_free(s);
}

static void brief_as_text(void **st)
{
    env *e = *st;
    char *t = cp_scenario_brief_text(e->sc);
    assert_non_null(t);
    assert_string_equal(t, "来访人：测试员，40岁，来办测试业务\n"
                           "带来的材料：\n  · 身份证原件\n"
                           "系统显示：\n  · 参保记录正常\n"
                           "本地规定：\n  · 材料交齐期限：本月底前\n  · 依据：测试规定第一条");
    free(t);
    assert_null(cp_scenario_brief_text(e->branching));   /* no brief */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(not_ended_gives_no_report),
        cmocka_unit_test(report_names_the_ending_and_rating),
        cmocka_unit_test(report_sums_turns_and_counts_criteria),
        cmocka_unit_test(moments_are_the_biggest_moves_in_turn_order_with_why),
        cmocka_unit_test(a_five_needs_no_top_and_outcome_names_an_untitled_ending),
        cmocka_unit_test(brief_as_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
