/* test_queries_file.c - batch mode's query sets (query/queries_file.h):
 * both layouts, a byte-order mark, empty and repeated IDs, the line bound,
 * NUL bytes, and read errors that must not pass for the end of the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "query/queries_file.h"

/* What one load reported. */
typedef struct reported {
    char path[64];
    int n;
    diag_level level[4];
    unsigned line[4];
    char msg[4][256];
} reported;

static void on_diag(void *ctx, diag_level level, const char *file, unsigned line,
                    const char *msg)
{
    reported *r = ctx;
    assert_string_equal(file, r->path);
    assert_true(r->n < 4);
    r->level[r->n] = level;
    r->line[r->n] = line;
    snprintf(r->msg[r->n], sizeof r->msg[r->n], "%s", msg);
    r->n++;
}

/* Writes data[0..len) to a new temporary file named in r->path. */
static void write_file(reported *r, const char *data, size_t len)
{
    snprintf(r->path, sizeof r->path, "/tmp/quarry-queries-XXXXXX");
    int fd = mkstemp(r->path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

/* Loads data; returns query_set_read's result, err filled. */
static int load(reported *r, const char *data, size_t len, query_set *set, char *err,
                size_t errlen)
{
    write_file(r, data, len);
    diag_sink sink = {on_diag, r};
    int rc = query_set_read(r->path, &sink, set, err, errlen);
    unlink(r->path);
    return rc;
}

#define LOAD(data, set, err) load(&r, data, sizeof data - 1, set, err, sizeof err)

static void test_both_layouts_crlf_blank(void **state)
{
    (void)state;
    reported r = {0};
    query_set set;
    char err[256];
    assert_int_equal(LOAD("q1\tfirst query\r\n\n  \n{\"_id\": \"q2\", \"text\": \"second\"}\n"
                          "q3\tno final newline", &set, err), 0);
    assert_int_equal(set.count, 3);
    assert_string_equal(set.queries[0].id, "q1");
    assert_string_equal(set.queries[0].text, "first query");
    assert_string_equal(set.queries[1].id, "q2");
    assert_string_equal(set.queries[1].text, "second");
    assert_string_equal(set.queries[2].text, "no final newline");
    assert_int_equal(r.n, 0);
    query_set_free(&set);
}

/* A BOM used to become part of the first ID (then quarry-eval scored 0). */
static void test_bom_skipped(void **state)
{
    (void)state;
    reported r = {0};
    query_set set;
    char err[256];
    assert_int_equal(LOAD("\xEF\xBB\xBFq1\tfirst\nq2\tsecond\n", &set, err), 0);
    assert_int_equal(set.count, 2);
    assert_string_equal(set.queries[0].id, "q1");
    query_set_free(&set);
    assert_int_equal(LOAD("\xEF\xBB\xBF{\"_id\": \"q1\", \"text\": \"k\"}\n", &set, err), 0);
    assert_string_equal(set.queries[0].id, "q1");
    query_set_free(&set);
    /* Only before line 1. */
    assert_int_equal(LOAD("q1\tfirst\n\xEF\xBB\xBFq2\tsecond\n", &set, err), 0);
    assert_string_equal(set.queries[1].id, "\xEF\xBB\xBFq2");
    query_set_free(&set);
}

static void test_empty_id_refused(void **state)
{
    (void)state;
    reported r = {0};
    query_set set;
    char err[256], want[320];
    assert_int_equal(LOAD("q1\tk\n{\"_id\":\"\",\"text\":\"k\"}\n", &set, err), -1);
    snprintf(want, sizeof want, "%s:2: empty query ID", r.path);
    assert_string_equal(err, want);
    assert_int_equal(set.count, 0);
    assert_int_equal(LOAD("\tk\n", &set, err), -1);
    snprintf(want, sizeof want, "%s:1: empty query ID", r.path);
    assert_string_equal(err, want);
}

/* As a repeated _id in a BEIR corpus: a warning, the later text wins. */
static void test_repeated_id_warned_and_replaced(void **state)
{
    (void)state;
    reported r = {0};
    query_set set;
    char err[256];
    assert_int_equal(LOAD("q1\told\nq2\tother\nq1\tmid\n{\"_id\": \"q1\", \"text\": \"new\"}\n",
                          &set, err), 0);
    assert_int_equal(set.count, 2);
    assert_string_equal(set.queries[0].id, "q1");
    assert_string_equal(set.queries[0].text, "new");
    assert_string_equal(set.queries[1].id, "q2");
    assert_int_equal(r.n, 2);
    assert_int_equal(r.level[0], DIAG_WARNING);
    assert_int_equal(r.line[0], 3);
    assert_string_equal(r.msg[0], "query ID 'q1' given again (first on line 1): this text "
                                  "replaces the earlier one");
    assert_int_equal(r.line[1], 4);
    query_set_free(&set);
}

/* A line of exactly QUERIES_MAX_LINE bytes is read; one byte more is
 * reported and skipped, and the lines after it are read. */
static void test_line_bound(void **state)
{
    (void)state;
    size_t max = QUERIES_MAX_LINE, size = 2 * max + 64;
    char *data = malloc(size);
    assert_non_null(data);
    size_t n = 0;
    n += (size_t)sprintf(data + n, "q1\t");
    memset(data + n, 'a', max - 3);
    n += max - 3;
    n += (size_t)sprintf(data + n, "\nq2\t");
    memset(data + n, 'b', max - 2);
    n += max - 2;
    n += (size_t)sprintf(data + n, "\nq3\tlast\n");
    reported r = {0};
    query_set set;
    char err[256];
    assert_int_equal(load(&r, data, n, &set, err, sizeof err), 0);
    free(data);
    assert_int_equal(set.count, 2);
    assert_string_equal(set.queries[0].id, "q1");
    assert_int_equal(strlen(set.queries[0].text), max - 3);
    assert_string_equal(set.queries[1].id, "q3");
    assert_int_equal(set.skipped, 1);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.level[0], DIAG_ERROR);
    assert_int_equal(r.line[0], 2);
    assert_string_equal(r.msg[0], "line longer than 1048576 bytes; skipped");
    query_set_free(&set);
}

static void test_nul_byte(void **state)
{
    (void)state;
    reported r = {0};
    query_set set;
    char err[256], want[320];
    assert_int_equal(LOAD("q1\tok\nq2\tbad\0byte\n", &set, err), -1);
    snprintf(want, sizeof want, "%s:2: NUL byte in line", r.path);
    assert_string_equal(err, want);
    /* An endless line of NULs is refused at once, not read for ever. */
    assert_int_equal(query_set_load("/dev/zero", &set, err, sizeof err), -1);
    assert_string_equal(err, "/dev/zero:1: NUL byte in line");
}

/* getline's failure used to count as the end of the file. */
static void test_read_error_is_an_error(void **state)
{
    (void)state;
    query_set set;
    char err[256];
    assert_int_equal(query_set_load("/tmp", &set, err, sizeof err), -1);
    assert_string_equal(err, "cannot read /tmp: Is a directory");
    assert_int_equal(query_set_load("/nonexistent/q.tsv", &set, err, sizeof err), -1);
    assert_string_equal(err, "cannot open /nonexistent/q.tsv: No such file or directory");
}

/* A gzipped query file reads as the plain one (the line source the BEIR
 * reader uses); a gzip stream cut short is an error, not the end. */
static void test_gzip(void **state)
{
    (void)state;
    reported r = {0};
    snprintf(r.path, sizeof r.path, "/tmp/quarry-queries-XXXXXX");
    int fd = mkstemp(r.path);
    assert_true(fd >= 0);
    gzFile gz = gzdopen(fd, "wb");
    const char *text = "q1\tfirst\n{\"_id\": \"q2\", \"text\": \"second\"}\n";
    assert_int_equal(gzwrite(gz, text, (unsigned)strlen(text)), (int)strlen(text));
    assert_int_equal(gzclose(gz), Z_OK);
    query_set set;
    char err[256];
    diag_sink sink = {on_diag, &r};
    assert_int_equal(query_set_read(r.path, &sink, &set, err, sizeof err), 0);
    assert_int_equal(set.count, 2);
    assert_string_equal(set.queries[0].text, "first");
    assert_string_equal(set.queries[1].id, "q2");
    query_set_free(&set);
    assert_int_equal(truncate(r.path, 12), 0); /* the header and 2 bytes */
    assert_int_equal(query_set_read(r.path, &sink, &set, err, sizeof err), -1);
    char want[128];
    snprintf(want, sizeof want, "%s:1: truncated gzip stream", r.path);
    assert_string_equal(err, want);
    unlink(r.path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_layouts_crlf_blank),
        cmocka_unit_test(test_bom_skipped),
        cmocka_unit_test(test_empty_id_refused),
        cmocka_unit_test(test_repeated_id_warned_and_replaced),
        cmocka_unit_test(test_line_bound),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_read_error_is_an_error),
        cmocka_unit_test(test_gzip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
