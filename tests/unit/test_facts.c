/* test_facts.c - what a text says, compared as the scorer compares a reply (engine/scoring/
 * facts.c): a term found in normalised text, the same deadline in other words, a different one
 * refused, a phrase that is no time expression matched as written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "cp_scorer.h"

static cp_scorer *S;

static int setup(void **st)
{
    (void)st;
    cp_error err = { 0 };
    S = cp_scorer_load("scenarios/rubrics", &err);
    return S ? 0 : -1;
}

static int teardown(void **st)
{
    (void)st;
    cp_scorer_free(S);
    return 0;
}

static void a_term_is_found_in_normalised_text(void **st)
{
    (void)st;
    assert_true(cp_scorer_text_has(S, "还缺：户口本（派出所开）", "派出所"));
    assert_true(cp_scorer_text_has(S, "請打１２３３３諮詢", "12333"));     /* full-width digits */
    assert_true(cp_scorer_text_has(S, "請到派出所補開", "派出所"));        /* Traditional */
    assert_true(cp_scorer_text_has(S, "Call ABC", "abc"));
    assert_false(cp_scorer_text_has(S, "户口本", "户口簿"));
    assert_false(cp_scorer_text_has(S, "户口本", ""));
    assert_false(cp_scorer_text_has(S, NULL, "户口本"));
}

static void the_same_deadline_in_other_words(void **st)
{
    (void)st;
    assert_true(cp_scorer_same_deadline(S, "材料交齐期限：这个月月底以前", "本月底前"));
    assert_true(cp_scorer_same_deadline(S, "十五个工作日之内办好", "15个工作日内"));
    assert_true(cp_scorer_same_deadline(S, "请在本月25号前交", "这个月25日以前"));
    assert_false(cp_scorer_same_deadline(S, "材料交齐期限：20号前", "本月底前"));
    assert_false(cp_scorer_same_deadline(S, "两周内", "15个工作日内"));
    assert_false(cp_scorer_same_deadline(S, "尽快", "尽快"));   /* no time expression at all */
}

static void a_deadline_that_is_no_time_expression_matches_as_written(void **st)
{
    (void)st;
    assert_true(cp_scorer_text_has_deadline(S, "办理期限：下次来之前", "下次来之前"));
    assert_true(cp_scorer_text_has_deadline(S, "期限：这个月月底以前", "月底前"));
    assert_false(cp_scorer_text_has_deadline(S, "期限：20号前", "月底前"));
    assert_false(cp_scorer_text_has_deadline(S, "期限：下个月", "下次来之前"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_term_is_found_in_normalised_text),
        cmocka_unit_test(the_same_deadline_in_other_words),
        cmocka_unit_test(a_deadline_that_is_no_time_expression_matches_as_written),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
