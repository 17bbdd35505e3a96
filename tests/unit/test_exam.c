/* test_exam.c - exams as data: the sample exam loads, bad exam files get file:line errors,
 * weights default to 1, and the clock-free timing rules (remaining time for the countdown, a
 * reply at or after the limit is timed out with its elapsed time clamped). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cp_records_exam.h"

static void sample_exam_loads(void **st)
{
    (void)st;
    cp_error err = { 0 };
    cp_exam *ex = cp_exam_load("scenarios/exams/window_basics.lua", &err);
    if (!ex)
        fail_msg("%s:%d: %s", err.file, err.line, err.msg);
    assert_string_equal(ex->id, "window_basics");
    assert_true(ex->scenarios.n >= 1);
    assert_int_equal(ex->time_limit, 90);
    assert_false(ex->feedback);
    assert_true(cp_exam_weight_of(ex, "compliance.no_promise") == 3);
    assert_true(cp_exam_weight_of(ex, "lur.listen") == 1);
    assert_true(ex->hash != 0);
    cp_exam_free(ex);
}

static void load_text(const char *src, cp_error *err, cp_exam **out)
{
    char path[] = "/tmp/cp_exam_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, src, strlen(src)), (ssize_t)strlen(src));
    close(fd);
    *out = cp_exam_load(path, err);
    unlink(path);
}

static void bad_exams_get_file_line_errors(void **st)
{
    (void)st;
    static const struct { const char *src, *want; int line; } C[] = {
        { "return exam {\n id = 'a', title = 't', scenarios = {}, pass_mark = 50 }", "'scenarios' is empty", 1 },
        { "\n\nreturn exam { id = 'a', title = 't', scenarios = {'x'}, pass_mark = 150 }", "pass_mark", 3 },
        { "return exam { id = 'a', title = 't', scenarios = {'x'}, pass_mark = 50, hints = true }", "unknown field 'hints'", 1 },
        { "return exam { id = 'a', title = 't', scenarios = {'x'}, pass_mark = 50, time_limit = 1.5 }", "time_limit", 1 },
        { "return exam { id = 'a', title = 't', scenarios = {'x'}, pass_mark = 50, weights = { a = -1 } }", "weight of 'a'", 1 },
        { "return { id = 'a' }", "return exam {", 1 },
        { "while true do end", "", 0 },
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        cp_error err = { 0 };
        cp_exam *ex;
        load_text(C[i].src, &err, &ex);
        assert_null(ex);
        if (!strstr(err.msg, C[i].want))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, C[i].want);
        assert_non_null(strstr(err.file, "cp_exam_"));
        if (C[i].line)
            assert_int_equal(err.line, C[i].line);
    }
}

static void countdown_and_timeout_need_no_clock(void **st)
{
    (void)st;
    cp_exam ex = { .time_limit = 30 };
    assert_int_equal(cp_exam_remaining_ms(&ex, 0), 30000);
    assert_int_equal(cp_exam_remaining_ms(&ex, 12500), 17500);
    assert_int_equal(cp_exam_remaining_ms(&ex, 30000), 0);
    assert_int_equal(cp_exam_remaining_ms(&ex, 99000), 0);
    cp_turn_meta m = cp_exam_turn_meta(&ex, 29999);
    assert_false(m.timed_out);
    assert_int_equal(m.elapsed_ms, 29999);
    assert_int_equal(m.limit_ms, 30000);
    m = cp_exam_turn_meta(&ex, 30000);
    assert_true(m.timed_out);
    m = cp_exam_turn_meta(&ex, 45000);
    assert_true(m.timed_out);
    assert_int_equal(m.elapsed_ms, 30000);
    cp_exam untimed = { .time_limit = 0 };
    assert_int_equal(cp_exam_remaining_ms(&untimed, 5000), -1);
    m = cp_exam_turn_meta(&untimed, 500000);
    assert_false(m.timed_out);
    assert_int_equal(m.limit_ms, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_exam_loads),
        cmocka_unit_test(bad_exams_get_file_line_errors),
        cmocka_unit_test(countdown_and_timeout_need_no_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
