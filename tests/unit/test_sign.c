/* test_sign.c - tamper evidence (cp_sign.h): the installation key file (made 0600, reused,
 * refused when others can read it or when it is not a key, never overwritten), signing and
 * verifying each format (JSON, xAPI, CSV, a real PDF from cairo, a real XLSX from
 * libxlsxwriter), a one-byte edit at every position of the content giving CHANGED and naming
 * the line or member, an edit inside the block giving BROKEN, another installation's key giving
 * UNTRUSTED, unsigned files, and stripping a signature back to the exact content. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "cp_sign.h"
#include "cp_utf8.h"

static char g_dir[256];
static cp_signer *g_a, *g_b; /* this installation, and another one */

/* ---- helpers ---- */

static char *path_in(const char *name)
{
    return cp_xasprintf("%s/%s", g_dir, name);
}

static void write_raw(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
}

static char *slurp(const char *path, size_t *len)
{
    cp_error err = { 0 };
    char *d = cp_read_file(path, 1 << 24, len, &err);
    if (!d)
        fail_msg("%s: %s", err.file, err.msg);
    return d;
}

static cp_bytes bytes_of(const void *d, size_t n)
{
    cp_bytes b = { 0 };
    cp_bytes_add(&b, d, n);
    return b;
}

static void sign_ok(const cp_signer *s, cp_sign_format fmt, cp_bytes *b)
{
    cp_error err = { 0 };
    if (cp_sign_embed(s, fmt, b, &err) != 0)
        fail_msg("sign: %s", err.msg);
}

static cp_verify_report verify(const unsigned char *d, size_t n, cp_sign_format fmt,
                               const char *trust)
{
    cp_verify_report rep;
    cp_error err = { 0 };
    if (cp_sign_verify(d, n, fmt, trust, &rep, &err) != 0)
        fail_msg("verify could not run: %s", err.msg);
    return rep;
}

/* Signs content, checks it verifies VALID with A trusted and strips back to the content. */
static cp_bytes signed_copy(const void *content, size_t n, cp_sign_format fmt)
{
    cp_bytes b = bytes_of(content, n);
    sign_ok(g_a, fmt, &b);
    assert_true(b.len > n);
    cp_verify_report rep = verify(b.data, b.len, fmt, cp_signer_public(g_a));
    if (rep.status != CP_VERIFY_VALID)
        fail_msg("fresh signature not valid (%d): %s", rep.status, rep.what);
    assert_string_equal(rep.key_fingerprint, cp_signer_fingerprint(g_a));
    assert_int_equal(strlen(rep.signed_at), 20);
    cp_bytes back = { 0 };
    cp_error err = { 0 };
    assert_int_equal(cp_sign_strip(b.data, b.len, fmt, &back, &err), 1);
    assert_int_equal(back.len, n);
    assert_memory_equal(back.data, content, n);
    cp_bytes_free(&back);
    return b;
}

/* ---- fixtures ---- */

static int setup(void **st)
{
    (void)st;
    snprintf(g_dir, sizeof g_dir, "/tmp/cp_sign_test_XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    cp_error err = { 0 };
    char *pa = path_in("a/deeper/signing.key"), *pb = path_in("b.key");
    g_a = cp_signer_open(pa, &err);
    g_b = cp_signer_open(pb, &err);
    free(pa);
    free(pb);
    return g_a && g_b ? 0 : -1;
}

static int teardown(void **st)
{
    (void)st;
    cp_signer_free(g_a);
    cp_signer_free(g_b);
    char *cmd = cp_xasprintf("rm -rf '%s'", g_dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

/* ---- key file ---- */

static void key_is_made_private_and_reused(void **st)
{
    (void)st;
    char *p = path_in("a/deeper/signing.key");
    struct stat sb;
    assert_int_equal(stat(p, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    cp_error err = { 0 };
    cp_signer *again = cp_signer_open(p, &err);
    assert_non_null(again);
    assert_string_equal(cp_signer_public(again), cp_signer_public(g_a));
    assert_string_equal(cp_signer_fingerprint(again), cp_signer_fingerprint(g_a));
    cp_signer_free(again);
    assert_memory_equal(cp_signer_public(g_a), "ed25519:", 8);
    assert_int_equal(strlen(cp_signer_public(g_a)), 8 + 44);
    assert_int_equal(strlen(cp_signer_fingerprint(g_a)), 16);
    assert_string_not_equal(cp_signer_public(g_a), cp_signer_public(g_b));
    char fp[17];
    assert_int_equal(cp_sign_fingerprint_of(cp_signer_public(g_a), fp), 0);
    assert_string_equal(fp, cp_signer_fingerprint(g_a));
    assert_int_equal(cp_sign_fingerprint_of("ed25519:abc", fp), -1);
    free(p);
}

static void key_readable_by_others_is_refused(void **st)
{
    (void)st;
    char *p = path_in("shared.key");
    cp_error err = { 0 };
    cp_signer *s = cp_signer_open(p, &err);
    assert_non_null(s);
    cp_signer_free(s);
    size_t n1 = 0, n2 = 0;
    char *before = slurp(p, &n1);
    chmod(p, 0644);
    s = cp_signer_open(p, &err);
    assert_null(s);
    assert_string_equal(err.file, p);
    assert_non_null(strstr(err.msg, "readable by others"));
    chmod(p, 0640);
    assert_null(cp_signer_open(p, &err));
    char *after = slurp(p, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(before, after, n1);
    chmod(p, 0600);
    s = cp_signer_open(p, &err);
    assert_non_null(s);
    cp_signer_free(s);
    free(before);
    free(after);
    free(p);
}

/* A key file in the format the code writes, holding a seed of seed_len zero bytes. */
static char *key_text(size_t seed_len)
{
    unsigned char seed[40] = { 0 };
    char enc[80];
    sodium_bin2base64(enc, sizeof enc, seed, seed_len, sodium_base64_VARIANT_ORIGINAL);
    return cp_xasprintf("# Counterpart signing key: secret, keep this file private (mode 0600)\n"
                        "seed: %s\n", enc);
}

static void malformed_key_is_refused_and_kept(void **st)
{
    (void)st;
    char *short_seed = key_text(31), *long_seed = key_text(33), *good = key_text(32);
    char *no_newline = cp_xstrndup(good, strlen(good) - 1);
    char *bad_char = cp_xstrdup(good);
    bad_char[strlen(bad_char) - 5] = '*';
    const char *bad[] = { "", "hello\n", short_seed, long_seed, no_newline, bad_char,
                          "# Counterpart signing key\nseed: AAAA\n" };
    char *p = path_in("bad.key");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_raw(p, bad[i], 0600);
        cp_error err = { 0 };
        if (cp_signer_open(p, &err))
            fail_msg("malformed key %zu accepted", i);
        assert_string_equal(err.file, p);
        size_t n = 0;
        char *now = slurp(p, &n);
        assert_int_equal(n, strlen(bad[i]));
        assert_memory_equal(now, bad[i], n);
        free(now);
    }
    /* the same format with a 32-byte seed loads, so the refusals above are about the flaws */
    write_raw(p, good, 0600);
    cp_error err = { 0 };
    cp_signer *s = cp_signer_open(p, &err);
    if (!s)
        fail_msg("%s", err.msg);
    cp_signer_free(s);
    free(p);
    free(short_seed);
    free(long_seed);
    free(good);
    free(no_newline);
    free(bad_char);
}

static void default_path_follows_the_environment(void **st)
{
    (void)st;
    char buf[512];
    cp_error err = { 0 };
    setenv("COUNTERPART_KEY", "/x/k.key", 1);
    assert_int_equal(cp_sign_default_path(buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "/x/k.key");
    unsetenv("COUNTERPART_KEY");
    setenv("XDG_DATA_HOME", "/d", 1);
    assert_int_equal(cp_sign_default_path(buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "/d/counterpart/signing.key");
    unsetenv("XDG_DATA_HOME");
    setenv("HOME", "/h", 1);
    assert_int_equal(cp_sign_default_path(buf, sizeof buf, &err), 0);
    assert_string_equal(buf, "/h/.local/share/counterpart/signing.key");
    assert_int_equal(cp_sign_default_path(buf, 8, &err), -1);
}

static void formats_from_names(void **st)
{
    (void)st;
    assert_int_equal(cp_sign_format_of("a/b.json"), CP_FMT_JSON);
    assert_int_equal(cp_sign_format_of("b.xapi.json"), CP_FMT_XAPI);
    assert_int_equal(cp_sign_format_of("B.CSV"), CP_FMT_CSV);
    assert_int_equal(cp_sign_format_of("x.xlsx"), CP_FMT_XLSX);
    assert_int_equal(cp_sign_format_of("x.pdf"), CP_FMT_PDF);
    assert_int_equal(cp_sign_format_of("x.txt"), CP_FMT_UNKNOWN);
}

/* ---- text formats ---- */

static const char JSON_DOC[] = "{\n  \"schema\": \"counterpart.scoresheet\",\n"
                               "  \"trainee\": \"王小明\",\n  \"score\": 80,\n"
                               "  \"criteria\": [\n    1,\n    2\n  ]\n}\n";
static const char CSV_DOC[] = "\xef\xbb\xbf姓名,工号,得分\r\n王小明,1001,80\r\n\"李, 四\",1002,70\r\n"
                              "赵六,1003,65\r\n";

/* Line (1-based) of byte i in text. */
static int line_of(const char *t, size_t i)
{
    int line = 1;
    for (size_t k = 0; k < i; k++)
        line += t[k] == '\n';
    return line;
}

static void json_round_trip_and_shape(void **st)
{
    (void)st;
    cp_bytes b = signed_copy(JSON_DOC, strlen(JSON_DOC), CP_FMT_JSON);
    cJSON *j = cJSON_ParseWithLength((const char *)b.data, b.len);
    assert_non_null(j);
    cJSON *sig = cJSON_GetObjectItemCaseSensitive(j, "signature");
    assert_true(cJSON_IsObject(sig));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(sig, "fmt")->valuestring, "json");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(sig, "key")->valuestring,
                        cp_signer_public(g_a));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "trainee")->valuestring, "王小明");
    cJSON_Delete(j);
    assert_memory_equal(b.data + b.len - 4, "}\n}\n", 4);
    /* signing twice is refused */
    cp_error err = { 0 };
    assert_int_equal(cp_sign_embed(g_a, CP_FMT_JSON, &b, &err), -1);
    cp_bytes_free(&b);
    /* not the renderer's shape */
    cp_bytes x = bytes_of("[1, 2]\n", 7);
    assert_int_equal(cp_sign_embed(g_a, CP_FMT_JSON, &x, &err), -1);
    cp_bytes_free(&x);
}

static void xapi_round_trip(void **st)
{
    (void)st;
    cp_bytes b = signed_copy(JSON_DOC, strlen(JSON_DOC), CP_FMT_XAPI);
    assert_non_null(strstr((const char *)b.data, "\"fmt\":\"xapi\""));
    /* found by content when the name says nothing */
    cp_verify_report rep = verify(b.data, b.len, CP_FMT_UNKNOWN, cp_signer_public(g_a));
    assert_int_equal(rep.status, CP_VERIFY_VALID);
    cp_bytes_free(&b);
}

static void csv_round_trip_and_shape(void **st)
{
    (void)st;
    cp_bytes b = signed_copy(CSV_DOC, strlen(CSV_DOC), CP_FMT_CSV);
    const char *last = strstr((const char *)b.data + strlen(CSV_DOC) - 1, "\n签名,\"{\"\"v\"\":2");
    assert_non_null(last);
    assert_memory_equal(b.data + b.len - 3, "\"\r\n", 3);
    cp_bytes_free(&b);
    /* a CSV without a final line break gets one, and still verifies */
    cp_bytes c = bytes_of("a,b\r\n1,2", 8);
    sign_ok(g_a, CP_FMT_CSV, &c);
    assert_int_equal(verify(c.data, c.len, CP_FMT_CSV, cp_signer_public(g_a)).status,
                     CP_VERIFY_VALID);
    cp_bytes_free(&c);
}

static bool family_json(cp_sign_format f)
{
    return f == CP_FMT_JSON || f == CP_FMT_XAPI;
}

/* Flips each byte of the content in turn: always CHANGED, naming the line that holds it. */
static void one_byte_edit_names_the_line(const char *doc, cp_sign_format fmt)
{
    size_t n = strlen(doc);
    cp_bytes b = signed_copy(doc, n, fmt);
    for (size_t c = 0; c < n; c++) {
        /* JSON: the content's closing "\n}\n" sits after the block, at the end of the file */
        size_t i = family_json(fmt) && c >= n - 3 ? b.len - (n - c) : c;
        unsigned char keep = b.data[i];
        assert_int_equal(keep, (unsigned char)doc[c]);
        b.data[i] = keep == 'x' ? 'y' : 'x';
        cp_verify_report rep = verify(b.data, b.len, fmt, cp_signer_public(g_a));
        if (rep.status != CP_VERIFY_CHANGED)
            fail_msg("byte %zu: status %d, not CHANGED: %s", i, rep.status, rep.what);
        char want[64];
        int line = line_of(doc, c);
        if (keep == '\n')
            snprintf(want, sizeof want, "第 %d 行", line); /* two lines became one */
        else
            snprintf(want, sizeof want, "第 %d 行已被修改: ", line);
        if (!strstr(rep.what, want))
            fail_msg("byte %zu: report does not name line %d: %s", i, line, rep.what);
        assert_string_equal(rep.key_fingerprint, cp_signer_fingerprint(g_a));
        b.data[i] = keep;
    }
    assert_int_equal(verify(b.data, b.len, fmt, cp_signer_public(g_a)).status, CP_VERIFY_VALID);
    cp_bytes_free(&b);
}

static void json_one_byte_edits(void **st)
{
    (void)st;
    one_byte_edit_names_the_line(JSON_DOC, CP_FMT_JSON);
}

static void csv_one_byte_edits(void **st)
{
    (void)st;
    one_byte_edit_names_the_line(CSV_DOC, CP_FMT_CSV);
}

/* Every byte after the content flipped in turn: never VALID; inside the block's text (from its
 * '{' to the 3 bytes that close the file), BROKEN. */
static void block_edits_are_broken(const char *doc, cp_sign_format fmt)
{
    size_t n = strlen(doc);
    cp_bytes b = signed_copy(doc, n, fmt);
    const unsigned char *open = memmem(b.data + n - 3, b.len - n + 3, "{", 1);
    assert_non_null(open);
    size_t lo = (size_t)(open - b.data), hi = b.len - 3;
    for (size_t i = n - 3; i < b.len; i++) {
        unsigned char keep = b.data[i];
        b.data[i] = keep == '7' ? '8' : '7';
        cp_verify_report rep = verify(b.data, b.len, fmt, cp_signer_public(g_a));
        if (rep.status == CP_VERIFY_VALID)
            fail_msg("byte %zu of %zu altered and still VALID", i, b.len);
        if (i >= lo && i < hi && rep.status != CP_VERIFY_BROKEN)
            fail_msg("byte %zu inside the block: status %d, not BROKEN: %s", i, rep.status,
                     rep.what);
        b.data[i] = keep;
    }
    cp_bytes_free(&b);
}

static void json_block_edits(void **st)
{
    (void)st;
    block_edits_are_broken(JSON_DOC, CP_FMT_JSON);
}

static void csv_block_edits(void **st)
{
    (void)st;
    block_edits_are_broken(CSV_DOC, CP_FMT_CSV);
}

static void lines_added_and_removed_are_named(void **st)
{
    (void)st;
    cp_bytes b = signed_copy(CSV_DOC, strlen(CSV_DOC), CP_FMT_CSV);
    cp_bytes content = { 0 };
    cp_error err = { 0 };
    assert_int_equal(cp_sign_strip(b.data, b.len, CP_FMT_CSV, &content, &err), 1);
    const char *sigline = strstr((const char *)b.data, "\n签名,") + 1;
    /* insert a row after line 2 */
    const char *l3 = strstr(CSV_DOC, "\"李");
    cp_bytes ed = { 0 };
    cp_bytes_add(&ed, CSV_DOC, (size_t)(l3 - CSV_DOC));
    cp_bytes_add(&ed, "冒名,9999,100\r\n", strlen("冒名,9999,100\r\n"));
    cp_bytes_add(&ed, l3, strlen(l3));
    cp_bytes_add(&ed, sigline, strlen(sigline));
    cp_verify_report rep = verify(ed.data, ed.len, CP_FMT_CSV, cp_signer_public(g_a));
    assert_int_equal(rep.status, CP_VERIFY_CHANGED);
    assert_non_null(strstr(rep.what, "第 3 行为新增: 冒名,9999,100"));
    assert_null(strstr(rep.what, "已被修改"));
    cp_bytes_free(&ed);
    /* remove line 3 */
    const char *l4 = strstr(CSV_DOC, "赵六");
    cp_bytes_add(&ed, CSV_DOC, (size_t)(l3 - CSV_DOC));
    cp_bytes_add(&ed, l4, strlen(l4));
    cp_bytes_add(&ed, sigline, strlen(sigline));
    rep = verify(ed.data, ed.len, CP_FMT_CSV, cp_signer_public(g_a));
    assert_int_equal(rep.status, CP_VERIFY_CHANGED);
    assert_non_null(strstr(rep.what, "原第 3 行已被删除"));
    cp_bytes_free(&ed);
    /* a row appended after the signature row counts as content */
    cp_bytes_add(&ed, b.data, b.len);
    cp_bytes_add(&ed, "x,y,z\r\n", 7);
    rep = verify(ed.data, ed.len, CP_FMT_CSV, cp_signer_public(g_a));
    assert_int_equal(rep.status, CP_VERIFY_CHANGED);
    assert_non_null(strstr(rep.what, "第 5 行为新增: x,y,z"));
    cp_bytes_free(&ed);
    cp_bytes_free(&content);
    cp_bytes_free(&b);
}

static void reports_are_valid_utf8(void **st)
{
    (void)st;
    cp_bytes b = signed_copy(CSV_DOC, strlen(CSV_DOC), CP_FMT_CSV);
    char *name = strstr((char *)b.data, "王小明");
    name[1] = (char)0xff; /* breaks the UTF-8 of 王 */
    name[4] = '\x01';
    cp_verify_report rep = verify(b.data, b.len, CP_FMT_CSV, cp_signer_public(g_a));
    assert_int_equal(rep.status, CP_VERIFY_CHANGED);
    assert_true(cp_utf8_valid(rep.what, strlen(rep.what)));
    assert_non_null(strstr(rep.what, "第 2 行已被修改: ???"));
    cp_bytes_free(&b);
}

static void many_changes_are_capped(void **st)
{
    (void)st;
    cp_bytes doc = { 0 };
    for (int i = 0; i < 40; i++)
        cp_bytes_addf(&doc, "行%d,%d\n", i, i * 3);
    cp_bytes b = signed_copy(doc.data, doc.len, CP_FMT_CSV);
    for (size_t i = 0; i < doc.len; i++)
        if (b.data[i] == ',')
            b.data[i] = ';';
    cp_verify_report rep = verify(b.data, b.len, CP_FMT_CSV, cp_signer_public(g_a));
    assert_int_equal(rep.status, CP_VERIFY_CHANGED);
    /* 40 lines in 16 groups: every group changed, 8 named, the rest counted */
    assert_non_null(strstr(rep.what, "第 1–2 行一带已被修改"));
    assert_non_null(strstr(rep.what, "另有 8 处修改"));
    cp_bytes_free(&b);
    cp_bytes_free(&doc);
}

/* The block after a file of 200,000 lines is a few hundred bytes (16 group hashes, not one per
 * line): the CSV signature fits one spreadsheet cell and the PDF comment is short. */
static void big_files_carry_a_small_block(void **st)
{
    (void)st;
    cp_bytes csv = { 0 };
    for (int i = 0; i < 200000; i++)
        cp_bytes_addf(&csv, "学员%06d,%06d,一班,%d.5\r\n", i, i, i % 100);
    size_t n = csv.len;
    cp_bytes b = signed_copy(csv.data, csv.len, CP_FMT_CSV);
    size_t block = b.len - n;
    if (block > 600)
        fail_msg("CSV signature row is %zu bytes", block);
    assert_non_null(strstr((const char *)b.data + n, "\"\"lines\"\":200000"));
    /* one changed line deep inside: CHANGED, the group of lines around it named */
    memcpy(b.data + (size_t)(strstr((const char *)csv.data, "学员123456") - (char *)csv.data),
           "学员999999", strlen("学员999999"));
    cp_verify_report rep = verify(b.data, b.len, CP_FMT_CSV, cp_signer_public(g_a));
    assert_int_equal(rep.status, CP_VERIFY_CHANGED);
    size_t from = 0, to = 0;
    const char *r = strstr(rep.what, "第 ");
    assert_non_null(r);
    assert_int_equal(sscanf(r, "第 %zu–%zu 行", &from, &to), 2);
    if (!(from <= 123457 && 123457 <= to) || to - from > 200000 / 16 + 1)
        fail_msg("line 123457 not in the group named: %s", rep.what);
    assert_null(strstr(rep.what, "另有"));
    cp_bytes_free(&b);
    /* a line added at the end: the line count is named */
    b = signed_copy(csv.data, csv.len, CP_FMT_CSV);
    cp_bytes c = { 0 };
    cp_bytes_add(&c, b.data, b.len);
    cp_bytes_add(&c, "冒名,9999,一班,100\r\n", strlen("冒名,9999,一班,100\r\n"));
    rep = verify(c.data, c.len, CP_FMT_CSV, cp_signer_public(g_a));
    assert_int_equal(rep.status, CP_VERIFY_CHANGED);
    assert_non_null(strstr(rep.what, "签名时 200000 行，现 200001 行"));
    cp_bytes_free(&c);
    cp_bytes_free(&b);
    cp_bytes_free(&csv);

    cp_bytes pdf = { 0 };
    cp_bytes_addf(&pdf, "%%PDF-1.5\n");
    for (int i = 1; i <= 20000; i++)
        cp_bytes_addf(&pdf, "%d 0 obj\n<< /Length 10 >>\nstream\n0123456789\nendstream\nendobj\n", i);
    cp_bytes_addf(&pdf, "trailer\n<< /Size 20001 >>\n%%%%EOF\n");
    n = pdf.len;
    b = signed_copy(pdf.data, pdf.len, CP_FMT_PDF);
    if (b.len - n > 600)
        fail_msg("PDF signature comment is %zu bytes", b.len - n);
    char *at = memmem(b.data, n, "\n15000 0 obj\n", 13);
    assert_non_null(at);
    at[strlen("\n15000 0 obj\n<< /Length 1")] = '2';
    rep = verify(b.data, b.len, CP_FMT_PDF, cp_signer_public(g_a));
    assert_int_equal(rep.status, CP_VERIFY_CHANGED);
    long o1 = 0, o2 = 0;
    r = strstr(rep.what, "对象 ");
    assert_non_null(r);
    assert_int_equal(sscanf(r, "对象 %ld–%ld", &o1, &o2), 2);
    if (!(o1 <= 15000 && 15000 <= o2))
        fail_msg("object 15000 not named: %s", rep.what);
    cp_bytes_free(&b);
    cp_bytes_free(&pdf);
}

/* cp_sign_verify_file reads the file (through a mapping) and says what cp_sign_verify says. */
static void verify_file_matches_memory(void **st)
{
    (void)st;
    cp_bytes csv = { 0 };
    for (int i = 0; i < 30000; i++)
        cp_bytes_addf(&csv, "%d,%d\n", i, i * 7);
    cp_bytes b = signed_copy(csv.data, csv.len, CP_FMT_CSV);
    char *path = path_in("big.csv");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
    fclose(f);
    cp_verify_report rep;
    cp_error err = { 0 };
    assert_int_equal(cp_sign_verify_file(path, CP_FMT_CSV, cp_signer_public(g_a), &rep, &err), 0);
    assert_int_equal(rep.status, CP_VERIFY_VALID);
    b.data[b.len / 2] ^= 1;
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
    fclose(f);
    cp_verify_report mem = verify(b.data, b.len, CP_FMT_CSV, cp_signer_public(g_a));
    assert_int_equal(cp_sign_verify_file(path, CP_FMT_CSV, cp_signer_public(g_a), &rep, &err), 0);
    assert_int_equal(rep.status, CP_VERIFY_CHANGED);
    assert_string_equal(rep.what, mem.what);
    /* an empty file is unsigned; a missing one is an error naming it */
    f = fopen(path, "wb");
    fclose(f);
    assert_int_equal(cp_sign_verify_file(path, CP_FMT_CSV, NULL, &rep, &err), 0);
    assert_int_equal(rep.status, CP_VERIFY_UNSIGNED);
    unlink(path);
    assert_int_equal(cp_sign_verify_file(path, CP_FMT_CSV, NULL, &rep, &err), -1);
    assert_non_null(strstr(err.file, "big.csv"));
    free(path);
    cp_bytes_free(&b);
    cp_bytes_free(&csv);
}

static void other_key_is_untrusted(void **st)
{
    (void)st;
    cp_bytes b = bytes_of(JSON_DOC, strlen(JSON_DOC));
    sign_ok(g_b, CP_FMT_JSON, &b);
    cp_verify_report rep = verify(b.data, b.len, CP_FMT_JSON, cp_signer_public(g_a));
    assert_int_equal(rep.status, CP_VERIFY_UNTRUSTED);
    assert_string_equal(rep.key_fingerprint, cp_signer_fingerprint(g_b));
    assert_non_null(strstr(rep.what, cp_signer_fingerprint(g_b)));
    rep = verify(b.data, b.len, CP_FMT_JSON, NULL);
    assert_int_equal(rep.status, CP_VERIFY_UNTRUSTED);
    /* trusted when its key is in the list */
    char *both = cp_xasprintf("%s, %s", cp_signer_public(g_a), cp_signer_public(g_b));
    assert_int_equal(verify(b.data, b.len, CP_FMT_JSON, both).status, CP_VERIFY_VALID);
    free(both);
    /* swapping in key A without A's signature breaks the block */
    char *k = strstr((char *)b.data, cp_signer_public(g_b));
    memcpy(k, cp_signer_public(g_a), strlen(cp_signer_public(g_a)));
    assert_int_equal(verify(b.data, b.len, CP_FMT_JSON, cp_signer_public(g_a)).status,
                     CP_VERIFY_BROKEN);
    cp_bytes_free(&b);
}

static void unsigned_files(void **st)
{
    (void)st;
    cp_verify_report rep = verify((const unsigned char *)JSON_DOC, strlen(JSON_DOC),
                                  CP_FMT_JSON, NULL);
    assert_int_equal(rep.status, CP_VERIFY_UNSIGNED);
    rep = verify((const unsigned char *)CSV_DOC, strlen(CSV_DOC), CP_FMT_CSV, NULL);
    assert_int_equal(rep.status, CP_VERIFY_UNSIGNED);
    rep = verify((const unsigned char *)"", 0, CP_FMT_PDF, NULL);
    assert_int_equal(rep.status, CP_VERIFY_UNSIGNED);
    /* a JSON member named "signature" that is not ours is not a signature of ours */
    const char *j = "{\n  \"signature\": \"王小明\"\n}\n";
    rep = verify((const unsigned char *)j, strlen(j), CP_FMT_JSON, NULL);
    assert_int_equal(rep.status, CP_VERIFY_UNSIGNED);
    cp_bytes none = { 0 };
    cp_error err = { 0 };
    assert_int_equal(cp_sign_strip((const unsigned char *)CSV_DOC, strlen(CSV_DOC), CP_FMT_CSV,
                                   &none, &err), 0);
    assert_int_equal(none.len, strlen(CSV_DOC));
    cp_bytes_free(&none);
}

static void garbage_never_crashes(void **st)
{
    (void)st;
    unsigned char buf[700];
    uint32_t x = 12345;
    static const cp_sign_format fmts[] = { CP_FMT_JSON, CP_FMT_CSV, CP_FMT_PDF, CP_FMT_XLSX,
                                           CP_FMT_UNKNOWN };
    for (int round = 0; round < 300; round++) {
        for (size_t i = 0; i < sizeof buf; i++) {
            x = x * 1103515245u + 12345u;
            buf[i] = (unsigned char)(x >> 16);
        }
        if (round % 3 == 0)
            memcpy(buf + 100, "%CP-SIGNATURE {\"v\":1}\n", 22);
        if (round % 3 == 1) {
            memcpy(buf + sizeof buf - 22, "PK\x05\x06", 4);
            memset(buf + sizeof buf - 2, 0, 2);
        }
        for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
            cp_verify_report rep = verify(buf, (size_t)(round + 1) * 2, fmts[f], NULL);
            assert_int_not_equal(rep.status, CP_VERIFY_VALID);
            rep = verify(buf, sizeof buf, fmts[f], NULL);
            assert_int_not_equal(rep.status, CP_VERIFY_VALID);
        }
    }
}

/* ---- PDF (cairo) ---- */

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    cp_bytes_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static cp_bytes tiny_pdf(void)
{
    cp_bytes out = { 0 };
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_bytes, &out, 200, 100);
    cairo_t *cr = cairo_create(s);
    /* shapes only: text would bring fontconfig's process-wide caches into the leak check */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "评分表");
    cairo_rectangle(cr, 10, 10, 80, 30);
    cairo_set_source_rgb(cr, 0.2, 0.4, 0.8);
    cairo_fill(cr);
    cairo_show_page(cr);
    cairo_arc(cr, 100, 50, 20, 0, 6.28);
    cairo_stroke(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    return out;
}

static void pdf_round_trip_and_edits(void **st)
{
    (void)st;
    cp_bytes pdf = tiny_pdf();
    assert_true(pdf.len > 100);
    cp_bytes b = signed_copy(pdf.data, pdf.len, CP_FMT_PDF);
    assert_non_null(memmem(b.data, b.len, "%%EOF\n%CP-SIGNATURE {\"v\":2,", 27));
    assert_int_equal(b.data[b.len - 1], '\n');
    /* one-byte edits at many positions: CHANGED; inside an object, the object is named */
    int named = 0;
    for (size_t i = 0; i < pdf.len; i += 7) {
        unsigned char keep = b.data[i];
        b.data[i] ^= 0x20;
        if (b.data[i] == '\n' || keep == '\n')
            b.data[i] = keep == 'x' ? 'y' : 'x';
        cp_verify_report rep = verify(b.data, b.len, CP_FMT_PDF, cp_signer_public(g_a));
        if (rep.status != CP_VERIFY_CHANGED)
            fail_msg("PDF byte %zu: status %d: %s", i, rep.status, rep.what);
        assert_non_null(strstr(rep.what, "行"));
        /* the byte range named holds i */
        const char *r = strstr(rep.what, "字节 ");
        if (!r)
            fail_msg("PDF byte %zu: no byte range named: %s", i, rep.what);
        size_t from = 0, to = 0;
        assert_int_equal(sscanf(r + strlen("字节 "), "%zu–%zu", &from, &to), 2);
        if (!(from <= i && i < to))
            fail_msg("PDF byte %zu: range %zu-%zu named: %s", i, from, to, rep.what);
        named += strstr(rep.what, "对象 ") != NULL;
        b.data[i] = keep;
    }
    assert_true(named > 0);
    cp_bytes_free(&b);
    /* not a PDF */
    cp_bytes x = bytes_of("%PDF-1.5\nno end\n", 16);
    cp_error err = { 0 };
    assert_int_equal(cp_sign_embed(g_a, CP_FMT_PDF, &x, &err), -1);
    cp_bytes_free(&x);
    cp_bytes_free(&pdf);
}

/* ---- XLSX (libxlsxwriter) ---- */

static cp_bytes tiny_xlsx(void)
{
    char *p = path_in("t.xlsx");
    lxw_workbook *wb = workbook_new(p);
    lxw_worksheet *a = workbook_add_worksheet(wb, "汇总");
    lxw_worksheet *c = workbook_add_worksheet(wb, "王小明");
    worksheet_write_string(a, 0, 0, "姓名", NULL);
    worksheet_write_number(a, 0, 1, 80, NULL);
    worksheet_write_string(c, 0, 0, "第一轮", NULL);
    worksheet_write_number(c, 0, 1, 3, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    size_t n = 0;
    char *d = slurp(p, &n);
    cp_bytes b = bytes_of(d, n);
    free(d);
    free(p);
    return b;
}

static size_t le(const unsigned char *p, int n)
{
    size_t v = 0;
    for (int k = n; k-- > 0;)
        v = v << 8 | p[k];
    return v;
}

/* Offset of the data of member name (after its local header) and its compressed size, from
 * the central directory. */
static size_t member_data(const cp_bytes *z, const char *name, size_t *csize)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i + 46 < z->len; i++) {
        const unsigned char *p = z->data + i;
        if (memcmp(p, "PK\x01\x02", 4) != 0 || le(p + 28, 2) != nl || memcmp(p + 46, name, nl))
            continue;
        *csize = le(p + 20, 4);
        const unsigned char *loc = z->data + le(p + 42, 4);
        return le(p + 42, 4) + 30 + le(loc + 26, 2) + le(loc + 28, 2);
    }
    fail_msg("member %s not found", name);
    return 0;
}

static void xlsx_round_trip_and_edits(void **st)
{
    (void)st;
    cp_bytes x = tiny_xlsx();
    cp_bytes b = signed_copy(x.data, x.len, CP_FMT_XLSX);
    /* the block is a stored member appended last; the archive has no comment, and its end
     * record lies within the last 512 + 22 bytes, where LibreOffice looks for it */
    size_t eocd = b.len - 22;
    assert_memory_equal(b.data + eocd, "PK\x05\x06", 4);
    assert_int_equal(le(b.data + eocd + 20, 2), 0);
    size_t bs = 0, bat = member_data(&b, "counterpart-signature.xml", &bs);
    assert_true(bat + bs == le(b.data + eocd + 16, 4));   /* the data ends where the directory starts */
    assert_non_null(memmem(b.data + bat, bs, "<counterpartSignature>{\"v\":1,", 29));
    assert_int_equal(le(b.data + eocd + 10, 2), le(x.data + x.len - 22 + 10, 2) + 1);
    /* the members before it are untouched, byte for byte */
    assert_memory_equal(b.data, x.data, le(x.data + x.len - 22 + 16, 4));
    /* stripping gives back the file as written */
    cp_bytes back = { 0 };
    cp_error serr = { 0 };
    assert_int_equal(cp_sign_strip(b.data, b.len, CP_FMT_XLSX, &back, &serr), 1);
    assert_int_equal(back.len, x.len);
    assert_memory_equal(back.data, x.data, x.len);
    cp_bytes_free(&back);
    /* a one-byte edit in each sheet's data names that sheet */
    static const char *sheets[] = { "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                                    "xl/sharedStrings.xml" };
    for (size_t s = 0; s < 3; s++) {
        size_t cs = 0, at = member_data(&b, sheets[s], &cs);
        assert_true(cs > 4);
        for (size_t k = 0; k < cs; k += 5) {
            b.data[at + k] ^= 0x01;
            cp_verify_report rep = verify(b.data, b.len, CP_FMT_XLSX, cp_signer_public(g_a));
            assert_int_equal(rep.status, CP_VERIFY_CHANGED);
            char want[128];
            snprintf(want, sizeof want, "%s %s 已被修改", s < 2 ? "工作表" : "成员", sheets[s]);
            if (!strstr(rep.what, want))
                fail_msg("edit in %s not named: %s", sheets[s], rep.what);
            b.data[at + k] ^= 0x01;
        }
    }
    /* edits anywhere in the content (all but the signature member): never VALID */
    size_t sig_at = le(x.data + x.len - 22 + 16, 4), sig_end = le(b.data + eocd + 16, 4);
    size_t sig_ent = sig_end + le(b.data + eocd + 12, 4) - 46 - 25;
    for (size_t i = 0; i < b.len; i += 3) {
        if ((i >= sig_at && i < sig_end) || (i >= sig_ent && i < eocd))
            continue;
        b.data[i] ^= 0x04;
        assert_int_not_equal(verify(b.data, b.len, CP_FMT_XLSX, cp_signer_public(g_a)).status,
                             CP_VERIFY_VALID);
        b.data[i] ^= 0x04;
    }
    /* anywhere in the signature member (header, directory entry, block): BROKEN */
    size_t content_end = le(x.data + x.len - 22 + 16, 4);   /* where the member's header begins */
    size_t ent = le(b.data + eocd + 16, 4) + le(b.data + eocd + 12, 4) - 46 - 25;
    for (size_t i = content_end; i < b.len; i++) {
        if (i >= le(b.data + eocd + 16, 4) && i < ent)
            continue;   /* the other members' directory entries: content, tested above */
        if (i >= eocd)
            continue;   /* the end record: content (its counts and offsets) */
        size_t lo = i - content_end, eo = i - ent;
        if ((lo >= 4 && lo < 8) || (lo >= 10 && lo < 14) ||
            (i >= ent && ((eo >= 4 && eo < 10) || (eo >= 12 && eo < 16) || (eo >= 34 && eo < 42))))
            continue;   /* versions, flags, dates, attributes: not covered (ZIP tools rewrite them) */
        b.data[i] ^= 0x01;
        cp_verify_report r = verify(b.data, b.len, CP_FMT_XLSX, cp_signer_public(g_a));
        if (r.status == CP_VERIFY_VALID)
            fail_msg("byte %zu of the signature member flipped: still valid", i);
        b.data[i] ^= 0x01;
    }
    assert_int_equal(verify(b.data, b.len, CP_FMT_XLSX, cp_signer_public(g_a)).status,
                     CP_VERIFY_VALID);
    /* files signed in the earlier form (the block as the ZIP archive comment) still verify:
     * the signed content is the same unsigned file */
    {
        const unsigned char *o = memmem(b.data + bat, bs, "{\"v\":1,", 7);
        const unsigned char *c = memmem(o, bs - (size_t)(o - (b.data + bat)), "}<", 2);
        assert_non_null(o);
        assert_non_null(c);
        size_t bl = (size_t)(c - o) + 1;
        cp_bytes old = { 0 };
        cp_bytes_add(&old, x.data, x.len);
        old.data[old.len - 2] = (unsigned char)(bl & 0xff);
        old.data[old.len - 1] = (unsigned char)(bl >> 8);
        cp_bytes_add(&old, o, bl);
        assert_int_equal(verify(old.data, old.len, CP_FMT_XLSX, cp_signer_public(g_a)).status,
                         CP_VERIFY_VALID);
        old.data[100] ^= 1;
        assert_int_equal(verify(old.data, old.len, CP_FMT_XLSX, cp_signer_public(g_a)).status,
                         CP_VERIFY_CHANGED);
        cp_bytes_free(&old);
    }
    /* a ZIP already signed, and bytes that are not a ZIP, are refused */
    cp_error err = { 0 };
    assert_int_equal(cp_sign_embed(g_a, CP_FMT_XLSX, &b, &err), -1);
    cp_bytes junk = bytes_of("PK\x03\x04 not really", 15);
    assert_int_equal(cp_sign_embed(g_a, CP_FMT_XLSX, &junk, &err), -1);
    cp_bytes_free(&junk);
    assert_int_equal(verify(x.data, x.len, CP_FMT_XLSX, NULL).status, CP_VERIFY_UNSIGNED);
    cp_bytes_free(&b);
    cp_bytes_free(&x);
}

/* A file signed in place (cp_sign_embed_file, what exports do) verifies, strips back to its
 * content, and is refused when already signed. */
static void files_are_signed_in_place(void **st)
{
    (void)st;
    cp_bytes pdf = tiny_pdf(), xlsx = tiny_xlsx();
    struct { cp_sign_format fmt; const void *d; size_t n; } cases[] = {
        { CP_FMT_XLSX, xlsx.data, xlsx.len },
        { CP_FMT_JSON, JSON_DOC, strlen(JSON_DOC) },
        { CP_FMT_CSV, CSV_DOC, strlen(CSV_DOC) },
        { CP_FMT_CSV, "a,b\r\n1,2", 8 },
        { CP_FMT_PDF, pdf.data, pdf.len },
    };
    char *path = path_in("inplace");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(cases[i].d, 1, cases[i].n, f), cases[i].n);
        fclose(f);
        cp_error err = { 0 };
        if (cp_sign_embed_file(g_a, cases[i].fmt, path, &err) != 0)
            fail_msg("case %zu: %s", i, err.msg);
        cp_verify_report rep;
        assert_int_equal(cp_sign_verify_file(path, cases[i].fmt, cp_signer_public(g_a), &rep, &err), 0);
        if (rep.status != CP_VERIFY_VALID)
            fail_msg("case %zu: status %d %s", i, rep.status, rep.what);
        size_t len;
        char *data = slurp(path, &len);
        cp_bytes back = { 0 };
        assert_int_equal(cp_sign_strip((unsigned char *)data, len, cases[i].fmt, &back, &err), 1);
        assert_true(back.len >= cases[i].n);
        assert_memory_equal(back.data, cases[i].d, cases[i].n);
        cp_bytes_free(&back);
        free(data);
        assert_int_equal(cp_sign_embed_file(g_a, cases[i].fmt, path, &err), -1);
        assert_non_null(strstr(err.msg, "already signed"));
    }
    unlink(path);
    free(path);
    cp_bytes_free(&pdf);
    cp_bytes_free(&xlsx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_is_made_private_and_reused),
        cmocka_unit_test(key_readable_by_others_is_refused),
        cmocka_unit_test(malformed_key_is_refused_and_kept),
        cmocka_unit_test(default_path_follows_the_environment),
        cmocka_unit_test(formats_from_names),
        cmocka_unit_test(json_round_trip_and_shape),
        cmocka_unit_test(xapi_round_trip),
        cmocka_unit_test(csv_round_trip_and_shape),
        cmocka_unit_test(json_one_byte_edits),
        cmocka_unit_test(csv_one_byte_edits),
        cmocka_unit_test(json_block_edits),
        cmocka_unit_test(csv_block_edits),
        cmocka_unit_test(lines_added_and_removed_are_named),
        cmocka_unit_test(reports_are_valid_utf8),
        cmocka_unit_test(many_changes_are_capped),
        cmocka_unit_test(big_files_carry_a_small_block),
        cmocka_unit_test(verify_file_matches_memory),
        cmocka_unit_test(other_key_is_untrusted),
        cmocka_unit_test(unsigned_files),
        cmocka_unit_test(garbage_never_crashes),
        cmocka_unit_test(pdf_round_trip_and_edits),
        cmocka_unit_test(xlsx_round_trip_and_edits),
        cmocka_unit_test(files_are_signed_in_place),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
