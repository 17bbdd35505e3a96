/* test_roster.c - roster CSV parsing: UTF-8, UTF-8 with BOM, GBK converted (made with iconv
 * here), quoted fields with commas, quotes and line breaks, bad rows reported by line while good
 * rows are kept, and files that cannot be a roster refused with file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "cp_roster.h"

static const char UTF8[] = "姓名,工号,班组\n王小明,1001,一班\n\"欧阳, 娜娜\",1003,\"二班\"\n";

static cp_roster *parse(const char *data, size_t len)
{
    cp_error err = { 0 };
    cp_roster *r = cp_roster_parse("r.csv", data, len, &err);
    if (!r)
        fail_msg("%s:%d: %s", err.file, err.line, err.msg);
    return r;
}

static void utf8_rows_and_quoted_commas(void **st)
{
    (void)st;
    cp_roster *r = parse(UTF8, strlen(UTF8));
    assert_string_equal(r->encoding, "UTF-8");
    assert_int_equal(r->nrows, 2);
    assert_int_equal(r->nproblems, 0);
    assert_string_equal(r->rows[0].name, "王小明");
    assert_string_equal(r->rows[1].name, "欧阳, 娜娜");
    assert_string_equal(r->rows[1].staff_no, "1003");
    assert_int_equal(r->rows[1].line, 3);
    cp_roster_free(r);
}

static void bom_is_stripped(void **st)
{
    (void)st;
    char buf[256] = "\xEF\xBB\xBF";
    strcat(buf, UTF8);
    cp_roster *r = parse(buf, strlen(buf));
    assert_string_equal(r->encoding, "UTF-8 with BOM");
    assert_int_equal(r->nrows, 2);
    assert_string_equal(r->rows[0].name, "王小明");
    cp_roster_free(r);
}

static void gbk_is_detected_and_converted(void **st)
{
    (void)st;
    iconv_t cd = iconv_open("GBK", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char out[256], *in = (char *)UTF8, *o = out;
    size_t inleft = strlen(UTF8), oleft = sizeof out;
    assert_true(iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1);
    iconv_close(cd);
    size_t len = (size_t)(o - out);
    assert_true(len < strlen(UTF8));   /* 2 bytes per Han character instead of 3 */
    cp_roster *r = parse(out, len);
    assert_string_equal(r->encoding, "GB18030");
    assert_int_equal(r->nrows, 2);
    assert_string_equal(r->rows[0].name, "王小明");
    assert_string_equal(r->rows[1].group, "二班");
    cp_roster_free(r);
}

static void bad_rows_get_line_numbers_good_rows_stay(void **st)
{
    (void)st;
    const char *csv = "工号,姓名\r\n1001,甲\r\n,乙\r\n\r\n1003,\r\n1004,\"丙\nsecond line\"\r\n1005,丁,extra\r\n1001,戊\r\n1006,己\r\n";
    cp_roster *r = parse(csv, strlen(csv));
    assert_int_equal(r->nrows, 3);   /* 1001, 1004, 1006 */
    assert_string_equal(r->rows[1].staff_no, "1004");
    assert_string_equal(r->rows[1].name, "丙\nsecond line");
    assert_string_equal(r->rows[1].group, "");
    assert_string_equal(r->rows[2].staff_no, "1006");
    assert_int_equal(r->rows[2].line, 10);   /* the quoted line break counts */
    assert_int_equal(r->nproblems, 4);
    assert_int_equal(r->problems[0].line, 3);
    assert_string_equal(r->problems[0].msg, "工号 is empty");
    assert_int_equal(r->problems[1].line, 5);
    assert_string_equal(r->problems[1].msg, "姓名 is empty");
    assert_int_equal(r->problems[2].line, 8);
    assert_string_equal(r->problems[2].msg, "expected 2 fields, found 3");
    assert_int_equal(r->problems[3].line, 9);
    assert_string_equal(r->problems[3].file, "r.csv");
    cp_roster_free(r);
}

static void unreadable_files_are_refused(void **st)
{
    (void)st;
    cp_error err = { 0 };
    assert_null(cp_roster_parse("a.csv", "name,id\nx,1\n", 12, &err));
    assert_int_equal(err.line, 1);
    assert_null(cp_roster_parse("b.csv", "\xFF\xFE\x00\x00", 4, &err));
    assert_non_null(strstr(err.msg, "UTF-16"));
    assert_null(cp_roster_parse("d.csv", "", 0, &err));
    cp_roster_free(NULL);
}

/* A bad row costs that row, never the roster: an unclosed quote is named and reading goes on at
 * the next line; a line in neither UTF-8 nor GBK among good ones is named and skipped. */
static void bad_rows_never_stop_the_import(void **st)
{
    (void)st;
    cp_error err = { 0 };
    const char *q = "姓名,工号\n王一,001\n\"李二,002\n张三,003\n";
    cp_roster *r = cp_roster_parse("c.csv", q, strlen(q), &err);
    assert_non_null(r);
    assert_int_equal(r->nrows, 2);
    assert_string_equal(r->rows[1].name, "张三");
    assert_int_equal(r->nproblems, 1);
    assert_int_equal(r->problems[0].line, 3);
    assert_non_null(strstr(r->problems[0].msg, "never closed"));
    cp_roster_free(r);
    const char *m = "姓名,工号\n王一,001\n李二,\xff\xfe" "002\n张三,003\n赵四,004\n";
    r = cp_roster_parse("m.csv", m, strlen(m), &err);
    assert_non_null(r);
    assert_int_equal(r->nrows, 3);
    assert_string_equal(r->rows[2].staff_no, "004");
    assert_int_equal(r->nproblems, 1);
    assert_int_equal(r->problems[0].line, 3);
    assert_non_null(strstr(r->problems[0].msg, "GBK"));
    cp_roster_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_rows_and_quoted_commas),
        cmocka_unit_test(bom_is_stripped),
        cmocka_unit_test(gbk_is_detected_and_converted),
        cmocka_unit_test(bad_rows_get_line_numbers_good_rows_stay),
        cmocka_unit_test(unreadable_files_are_refused),
        cmocka_unit_test(bad_rows_never_stop_the_import),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
