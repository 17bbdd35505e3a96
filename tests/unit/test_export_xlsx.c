/* test_export_xlsx.c - the XLSX score sheet renderer (cp_export_xlsx): the two-trainee fixture
 * renders to a zip with one worksheet per 汇总/班组汇总/trainee, identically twice; documents
 * missing a member or of another schema are refused with the JSON path named; hostile text
 * (invalid UTF-8, control characters, sheet-name characters, clashing names) still renders; the
 * temporary file is removed on success and on failure.
 * The workbook's content is read back by tests/export/xlsx_check.py, driven by
 * tests/export/test_xlsx.sh through this binary's extra mode:
 *   test_export_xlsx --write OUT [DOC]   render DOC (default: the fixture) to OUT and exit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cp_export.h"

#define FIXTURE "tests/fixtures/scoresheet_two.json"

static cJSON *load_doc(const char *path)
{
    cp_error err = {0};
    size_t len = 0;
    char *text = cp_read_file(path, 16u << 20, &len, &err);
    if (!text)
        return NULL;
    cJSON *doc = cJSON_ParseWithLength(text, len);
    free(text);
    return doc;
}

static cJSON *fixture(void)
{
    cJSON *doc = load_doc(FIXTURE);
    if (!doc)
        fail_msg("cannot read %s (run from the repository root)", FIXTURE);
    return doc;
}

/* Item at a path of object keys and array indexes, e.g. at(doc, "trainees", 1, "summary"). */
static cJSON *at(cJSON *v, const char *key, int index)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(v, key);
    if (index >= 0)
        o = cJSON_GetArrayItem(o, index);
    assert_non_null(o);
    return o;
}

/* True when the zip's central directory names the member (file names are stored verbatim). */
static bool zip_has(const cp_bytes *b, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, name, n) == 0)
            return true;
    return false;
}

static int count_tmp(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static void fixture_renders_a_workbook_with_four_sheets(void **st)
{
    (void)st;
    cJSON *doc = fixture();
    cp_bytes out = {0};
    cp_error err = {0};
    int rc = cp_export_xlsx(doc, &out, &err);
    if (rc != 0)
        fail_msg("%s", err.msg);
    assert_true(out.len > 4000);
    assert_memory_equal(out.data, "PK\x03\x04", 4);
    assert_true(zip_has(&out, "[Content_Types].xml"));
    assert_true(zip_has(&out, "xl/sharedStrings.xml"));
    assert_true(zip_has(&out, "xl/worksheets/sheet4.xml"));  /* 汇总, 班组汇总, 2 trainees */
    assert_false(zip_has(&out, "xl/worksheets/sheet5.xml"));
    assert_true(zip_has(&out, "xl/charts/chart1.xml"));       /* the cohort means */
    assert_true(zip_has(&out, "xl/comments1.xml"));           /* the override's comment */
    assert_true(zip_has(&out, "docProps/core.xml"));
    cp_bytes_free(&out);
    cJSON_Delete(doc);
}

static void output_is_appended_and_repeatable(void **st)
{
    (void)st;
    cJSON *doc = fixture();
    cp_bytes a = {0}, b = {0};
    cp_error err = {0};
    cp_bytes_add(&b, "xyz", 3);
    assert_int_equal(cp_export_xlsx(doc, &a, &err), 0);
    assert_int_equal(cp_export_xlsx(doc, &b, &err), 0);
    assert_int_equal(b.len, a.len + 3);
    assert_memory_equal(b.data, "xyz", 3);
    /* same document, same bytes: the zip dates come from "generated", not the clock */
    assert_memory_equal(b.data + 3, a.data, a.len);
    cp_bytes_free(&a);
    cp_bytes_free(&b);
    cJSON_Delete(doc);
}

static void expect_refused(cJSON *doc, const char *path_in_msg)
{
    cp_bytes out = {0};
    cp_error err = {0};
    assert_int_equal(cp_export_xlsx(doc, &out, &err), -1);
    if (!strstr(err.msg, path_in_msg))
        fail_msg("error \"%s\" does not name %s", err.msg, path_in_msg);
    cp_bytes_free(&out);
}

static void missing_members_are_named_by_path(void **st)
{
    (void)st;
    cJSON *doc = fixture();
    cJSON_DeleteItemFromObject(at(at(doc, "trainees", 1), "summary", -1), "percent");
    expect_refused(doc, "trainees[1].summary.percent");
    cJSON_Delete(doc);

    doc = fixture();
    cJSON *turn = at(at(at(doc, "trainees", 0), "sessions", 1), "turns", 0);
    cJSON_ReplaceItemInObject(turn, "reply", cJSON_CreateNumber(3));
    expect_refused(doc, "trainees[0].sessions[1].turns[0].reply");
    cJSON_Delete(doc);

    doc = fixture();
    cJSON *ov = at(at(turn = at(at(at(doc, "trainees", 0), "sessions", 1), "turns", 0),
                      "criteria", 1), "override", -1);
    cJSON_DeleteItemFromObject(ov, "why");
    expect_refused(doc, "trainees[0].sessions[1].turns[0].criteria[1].override.why");
    cJSON_Delete(doc);

    doc = fixture();
    cJSON_DeleteItemFromObject(at(doc, "cohort", -1), "below_pass");
    expect_refused(doc, "cohort.below_pass");
    cJSON_Delete(doc);

    doc = fixture();
    cJSON_DeleteItemFromObject(doc, "criteria");
    expect_refused(doc, "criteria");
    cJSON_Delete(doc);

    /* a turn graded on a criterion the document's list does not have */
    doc = fixture();
    cJSON_DeleteItemFromArray(at(doc, "criteria", -1), 3);
    for (int i = 0; i < 2; i++)
        cJSON_DeleteItemFromArray(at(at(at(doc, "trainees", i), "summary", -1), "criteria", -1), 3);
    cJSON_DeleteItemFromArray(at(at(doc, "cohort", -1), "criteria", -1), 3);
    expect_refused(doc, "clarity.plain_language");
    cJSON_Delete(doc);
}

static void other_schemas_are_refused(void **st)
{
    (void)st;
    cJSON *doc = fixture();
    cJSON_ReplaceItemInObject(doc, "version", cJSON_CreateNumber(2));
    expect_refused(doc, "version");
    cJSON_Delete(doc);
    doc = fixture();
    cJSON_ReplaceItemInObject(doc, "schema", cJSON_CreateString("counterpart.transcript"));
    expect_refused(doc, "schema");
    cJSON_Delete(doc);
    doc = cJSON_CreateArray(); /* not even an object */
    cp_bytes out = {0};
    cp_error err = {0};
    assert_int_equal(cp_export_xlsx(doc, &out, &err), -1);
    assert_true(err.msg[0] != 0);
    assert_int_equal(out.len, 0);
    cJSON_Delete(doc);
}

static void hostile_text_still_renders(void **st)
{
    (void)st;
    cJSON *doc = fixture();
    cJSON *t0 = at(doc, "trainees", 0), *t1 = at(doc, "trainees", 1);
    /* same name and 工号 twice, with every character a sheet name may not hold */
    cJSON_ReplaceItemInObject(t0, "name", cJSON_CreateString("'[张/晓\\燕]*?:很长很长很长很长很长很长的名字'"));
    cJSON_ReplaceItemInObject(t1, "name", cJSON_CreateString("'[张/晓\\燕]*?:很长很长很长很长很长很长的名字'"));
    cJSON_ReplaceItemInObject(t1, "staff_no", cJSON_CreateString("1001"));
    cJSON *turn = at(at(t1, "sessions", 0), "turns", 0);
    cJSON_ReplaceItemInObject(turn, "reply", cJSON_CreateString("坏\xff\xfe字节\x01\x02控制符"));
    cp_bytes out = {0};
    cp_error err = {0};
    int rc = cp_export_xlsx(doc, &out, &err);
    if (rc != 0)
        fail_msg("%s", err.msg);
    assert_true(zip_has(&out, "xl/worksheets/sheet4.xml"));
    cp_bytes_free(&out);
    cJSON_Delete(doc);
}

static void temporary_file_is_removed_on_every_path(void **st)
{
    (void)st;
    char dir[] = "/tmp/cp-xlsx-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", dir, 1);

    cJSON *doc = fixture();
    cp_bytes out = {0};
    cp_error err = {0};
    assert_int_equal(cp_export_xlsx(doc, &out, &err), 0);
    assert_int_equal(count_tmp(dir), 0);
    /* a failure half-way through the trainee sheets */
    cJSON_DeleteItemFromObject(at(at(at(doc, "trainees", 1), "sessions", 2), "turns", 0), "final");
    assert_int_equal(cp_export_xlsx(doc, &out, &err), -1);
    assert_non_null(strstr(err.msg, "trainees[1].sessions[2].turns[0].final"));
    assert_int_equal(count_tmp(dir), 0);
    cJSON_Delete(doc);
    cp_bytes_free(&out);

    /* an unusable temporary folder is an error, not a crash */
    setenv("TMPDIR", "/nonexistent/cp-xlsx", 1);
    doc = fixture();
    assert_int_equal(cp_export_xlsx(doc, &out, &err), -1);
    assert_non_null(strstr(err.msg, "/nonexistent/cp-xlsx"));
    assert_int_equal(out.len, 0);
    cJSON_Delete(doc);

    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
    assert_int_equal(rmdir(dir), 0);
}

/* --write OUT [DOC]: render for the shell test's read-back. */
static int write_mode(const char *outpath, const char *docpath)
{
    cJSON *doc = load_doc(docpath);
    if (!doc) {
        fprintf(stderr, "cannot read %s\n", docpath);
        return 1;
    }
    cp_bytes out = {0};
    cp_error err = {0};
    int rc = cp_export_xlsx(doc, &out, &err);
    cJSON_Delete(doc);
    if (rc == 0)
        rc = cp_write_file_atomic(outpath, out.data, out.len, &err);
    cp_bytes_free(&out);
    if (rc != 0) {
        char buf[1600];
        fprintf(stderr, "%s\n", cp_error_format(&err, buf, sizeof buf));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--write") == 0)
        return write_mode(argv[2], argc >= 4 ? argv[3] : FIXTURE);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixture_renders_a_workbook_with_four_sheets),
        cmocka_unit_test(output_is_appended_and_repeatable),
        cmocka_unit_test(missing_members_are_named_by_path),
        cmocka_unit_test(other_schemas_are_refused),
        cmocka_unit_test(hostile_text_still_renders),
        cmocka_unit_test(temporary_file_is_removed_on_every_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
