/* test_fair.c - what `check` asks beyond what a session needs (cp_scenario_lint_fair): a brief,
 * a top and ending titles; every scored fact knowable from the brief or the citizen's lines on
 * every path; no node entered again repeating its line; no condition on a criterion the node
 * does not score (conduct excepted). Each problem once, at its file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_scenario.h"

#define FX "tests/fixtures/"

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

typedef struct seen {
    char lines[32][1500];
    size_t n;
} seen;

static void collect(void *ud, const char *file, int line, const char *msg)
{
    seen *s = ud;
    if (s->n < 32)
        snprintf(s->lines[s->n++], sizeof s->lines[0], "%s:%d: %s", file, line, msg);
}

/* Lints path with the fair rules; returns the problem count and fills *out. */
static int lint(const char *path, seen *out)
{
    cp_error err = { 0 };
    cp_scenario *sc = cp_scenario_load(path, &err);
    if (!sc)
        fail_msg("%s: %s", path, err.msg);
    memset(out, 0, sizeof *out);
    assert_int_equal(cp_scenario_lint(sc, S, NULL, NULL), 0);   /* plays: only check objects */
    int n = cp_scenario_lint_fair(sc, S, collect, out);
    cp_scenario_free(sc);
    return n;
}

/* One reported line starts with prefix and contains want. */
static void expect(const seen *s, const char *prefix, const char *want)
{
    for (size_t i = 0; i < s->n; i++)
        if (strncmp(s->lines[i], prefix, strlen(prefix)) == 0 && strstr(s->lines[i], want))
            return;
    for (size_t i = 0; i < s->n; i++)
        fprintf(stderr, "  got: %s\n", s->lines[i]);
    fail_msg("no '%s ... %s'", prefix, want);
}

static void not_reported(const seen *s, const char *want)
{
    for (size_t i = 0; i < s->n; i++)
        if (strstr(s->lines[i], want))
            fail_msg("reported: %s", s->lines[i]);
}

#define P FX "fair_problems.lua:"

static void a_fair_scenario_is_clean(void **st)
{
    (void)st;
    seen s;
    int n = lint(FX "fair_ok.lua", &s);
    for (size_t i = 0; i < s.n; i++)
        fprintf(stderr, "  got: %s\n", s.lines[i]);
    assert_int_equal(n, 0);
    assert_int_equal(s.n, 0);
}

static void missing_brief_top_and_title(void **st)
{
    (void)st;
    seen s;
    assert_int_equal(lint(FX "fair_missing.lua", &s), 3);
    expect(&s, FX "fair_missing.lua:2: ", "scenario: no 'brief'");
    expect(&s, FX "fair_missing.lua:2: ", "scenario: no 'top'");
    expect(&s, FX "fair_missing.lua:12: ", "ending 'done' has no 'title'");
}

static void unknowable_notice_item_and_where(void **st)
{
    (void)st;
    seen s;
    lint(FX "fair_problems.lua", &s);
    /* said by 'side' only, which not every path to 'notice' passes */
    expect(&s, P "29: ", "node 'notice': notice item '户口本' (one of: 户口本) is neither in the brief nor said by the citizen on every path to here");
    expect(&s, P "29: ", "node 'notice': where to get notice item '户口本' (one of: 派出所)");
}

static void unknowable_deadline_basis_and_check_group(void **st)
{
    (void)st;
    seen s;
    lint(FX "fair_problems.lua", &s);
    expect(&s, P "29: ", "the notice's deadline (one of: 本月底前)");   /* the brief says 20号前 */
    expect(&s, P "29: ", "the basis (one of: 社会保险法)");
    expect(&s, P "29: ", "check 'fair.fee', group 1 of 'all' (one of: 滞纳金)");
    not_reported(&s, "group 2 of 'all'");   /* 您好: the opening line, on every path */
}

static void a_revisit_that_repeats_its_line(void **st)
{
    (void)st;
    seen s;
    lint(FX "fair_problems.lua", &s);
    expect(&s, P "11: ", "node 'opening' can be entered again (a transition of its own goes back to it) and says the same line on the second visit");
    expect(&s, P "29: ", "node 'notice' can be entered again (node 'back' at line 44 leads back to it)");
    not_reported(&s, "node 'back' can be entered again");   /* its line varies by visits */
    not_reported(&s, "node 'side' can be entered again");   /* its transition always holds */
}

static void a_condition_on_a_criterion_out_of_focus(void **st)
{
    (void)st;
    seen s;
    lint(FX "fair_problems.lua", &s);
    expect(&s, P "11: ", "node 'opening': transition to 'side' tests 'lur.listen' (met), which this node does not score");
    not_reported(&s, "tests 'empathy.no_blame'");   /* conduct: judged on every reply */
    not_reported(&s, "tests 'empathy.courtesy'");   /* in focus */
}

static void a_say_that_fails_neutrally_is_a_warning(void **st)
{
    (void)st;
    seen s;
    int n = lint(FX "fair_problems.lua", &s);
    expect(&s, P "26: ", "warning: node 'echo': say fails with a neutral state");
    assert_int_equal(n, 8);          /* the warning is not counted */
    assert_int_equal(s.n, 9);
}

static void without_a_scorer_only_what_needs_none(void **st)
{
    (void)st;
    cp_error err = { 0 };
    cp_scenario *sc = cp_scenario_load(FX "fair_problems.lua", &err);
    assert_non_null(sc);
    seen s = { 0 };
    assert_int_equal(cp_scenario_lint_fair(sc, NULL, collect, &s), 2);   /* the two revisits */
    cp_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_fair_scenario_is_clean),
        cmocka_unit_test(missing_brief_top_and_title),
        cmocka_unit_test(unknowable_notice_item_and_where),
        cmocka_unit_test(unknowable_deadline_basis_and_check_group),
        cmocka_unit_test(a_revisit_that_repeats_its_line),
        cmocka_unit_test(a_condition_on_a_criterion_out_of_focus),
        cmocka_unit_test(a_say_that_fails_neutrally_is_a_warning),
        cmocka_unit_test(without_a_scorer_only_what_needs_none),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
