/* test_scenario.c - loading scenario files: good files load into the structs; each kind of
 * mistake is reported as file:line: message; lint finds every graph problem. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cp_scenario.h"

#define FX "tests/fixtures/"

static void expect_load_error(const char *file, int line, const char *want)
{
    cp_error err = { 0 };
    cp_scenario *sc = cp_scenario_load(file, &err);
    if (sc || strcmp(err.file, file) != 0 || err.line != line || !strstr(err.msg, want))
        fail_msg("%s: got '%s:%d: %s', want line %d with '%s'", file, err.file, err.line, err.msg,
                 line, want);
}

static void loads_fixture_into_structs(void **st)
{
    (void)st;
    cp_error err = { 0 };
    cp_scenario *sc = cp_scenario_load(FX "branching.lua", &err);
    assert_non_null(sc);
    assert_string_equal(sc->id, "branching");
    assert_string_equal(sc->persona.name, "测试员");
    assert_int_equal(sc->persona.anger, 50);
    int a = cp_scenario_find(sc, "a");
    assert_int_equal(sc->start, a);
    const cp_node *nd = &sc->nodes[a];
    assert_int_equal(nd->line, 15);
    assert_string_equal(nd->expression, "angry");
    assert_int_equal(nd->choices.n, 2);
    assert_int_equal(nd->nnext, 4);
    assert_string_equal(nd->next[0].go, "b");
    assert_int_equal(nd->next[0].target, cp_scenario_find(sc, "b"));
    assert_true(cp_strlist_has(&nd->next[0].set, "picked_one"));
    assert_int_equal(nd->next[2].turns_at_least, 3);
    assert_int_equal(nd->next[2].anger_below, CP_UNSET);
    /* persona reacts are merged into every node */
    assert_int_equal(nd->nreacts, 1);
    assert_int_equal(nd->reacts[0].missed_anger, 30);
    assert_true(cp_strlist_has(&nd->criteria, "empathy.courtesy"));
    const cp_node *good = &sc->nodes[cp_scenario_find(sc, "good")];
    assert_true(good->is_ending);
    assert_string_equal(good->outcome, "resolved");
    assert_int_equal(good->rating, 5);
    assert_int_equal(cp_scenario_count_endings(sc), 2);
    assert_int_equal(cp_scenario_lint(sc, NULL, NULL, NULL), 0);
    cp_scenario_free(sc);
}

static void missing_say(void **st) { (void)st; expect_load_error(FX "bad_missing_say.lua", 5, "node 'a': missing 'say'"); }
static void wrong_type(void **st) { (void)st; expect_load_error(FX "bad_wrong_type.lua", 2, "field 'anger' must be a number"); }
static void id_must_match_file(void **st) { (void)st; expect_load_error(FX "bad_id.lua", 2, "must equal the file name 'bad_id'"); }
static void misspelt_condition(void **st) { (void)st; expect_load_error(FX "bad_when_key.lua", 5, "unknown condition 'angr_below'"); }
static void unknown_start(void **st) { (void)st; expect_load_error(FX "bad_start.lua", 2, "start node 'nope' does not exist"); }
static void no_return(void **st) { (void)st; expect_load_error(FX "bad_return.lua", 0, "must end with: return scenario"); }
static void invalid_utf8(void **st) { (void)st; expect_load_error(FX "bad_utf8.lua", 2, "not valid UTF-8"); }
static void brief_not_a_table(void **st) { (void)st; expect_load_error(FX "bad_brief_type.lua", 2, "'brief' must be a table"); }
static void brief_item_not_a_string(void **st) { (void)st; expect_load_error(FX "bad_brief_item.lua", 2, "brief: every item of 'rules' must be a string"); }
static void brief_field_misspelt(void **st) { (void)st; expect_load_error(FX "bad_brief_field.lua", 2, "brief: unknown field 'rulez'"); }
static void ending_title_not_a_string(void **st) { (void)st; expect_load_error(FX "bad_ending_title.lua", 6, "ending 'e': field 'title' must be a string"); }
static void missing_file(void **st) { (void)st; expect_load_error(FX "no_such_file.lua", 0, "cannot open"); }

typedef struct seen {
    char msgs[16][300];
    int lines[16];
    int n;
} seen;

static void collect(void *ud, const char *file, int line, const char *msg)
{
    seen *s = ud;
    assert_string_equal(file, FX "lint_problems.lua");
    if (s->n < 16) {
        snprintf(s->msgs[s->n], sizeof s->msgs[0], "%s", msg);
        s->lines[s->n++] = line;
    }
}

static int find_msg(const seen *s, const char *want)
{
    for (int i = 0; i < s->n; i++)
        if (strstr(s->msgs[i], want))
            return s->lines[i];
    fail_msg("lint did not report '%s'", want);
    return -1;
}

static void lint_finds_each_problem(void **st)
{
    (void)st;
    cp_error err = { 0 };
    cp_scenario *sc = cp_scenario_load(FX "lint_problems.lua", &err);
    assert_non_null(sc);
    seen s = { 0 };
    int n = cp_scenario_lint(sc, NULL, collect, &s);
    assert_int_equal(find_msg(&s, "transition to unknown node or ending 'nowhere'"), 8);
    assert_int_equal(find_msg(&s, "node 'loop' has no path to an ending"), 9);
    assert_int_equal(find_msg(&s, "unknown expression 'grumpy'"), 9);
    assert_int_equal(find_msg(&s, "node 'orphan' is unreachable"), 10);
    assert_int_equal(find_msg(&s, "ending 'unrated' needs a rating"), 15);
    assert_int_equal(find_msg(&s, "ending 'nooutcome' has no outcome"), 16);
    find_msg(&s, "ending 'unrated' is unreachable");
    assert_int_equal(n, s.n);
    cp_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_fixture_into_structs),
        cmocka_unit_test(missing_say),
        cmocka_unit_test(wrong_type),
        cmocka_unit_test(id_must_match_file),
        cmocka_unit_test(misspelt_condition),
        cmocka_unit_test(unknown_start),
        cmocka_unit_test(no_return),
        cmocka_unit_test(invalid_utf8),
        cmocka_unit_test(brief_not_a_table),
        cmocka_unit_test(brief_item_not_a_string),
        cmocka_unit_test(brief_field_misspelt),
        cmocka_unit_test(ending_title_not_a_string),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(lint_finds_each_problem),
    };
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
