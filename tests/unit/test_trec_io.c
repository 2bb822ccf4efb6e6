/* test_trec_io.c - the qrels and run loaders on small temporary files.
 *
 * Each test writes its input with mkstemp in /tmp, loads it, and checks the
 * grouped result or the exact diagnostic (level, line and text) the loader
 * handed to its sink. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/diag.h"
#include "eval/trec_io.h"

/* ---- Fixtures: temporary files and a sink that remembers ----------------- */

#define MAX_TEMPS 8
static char temps[MAX_TEMPS][32];
static int n_temps;

/* Writes len bytes of text to a new file in /tmp; returns its path. */
static const char *temp_file_n(const char *text, size_t len)
{
    assert_true(n_temps < MAX_TEMPS);
    char *path = temps[n_temps++];
    strcpy(path, "/tmp/quarry-eval-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
    return path;
}

static const char *temp_file(const char *text)
{
    return temp_file_n(text, strlen(text));
}

static int remove_temps(void **state)
{
    (void)state;
    for (int i = 0; i < n_temps; i++)
        unlink(temps[i]);
    n_temps = 0;
    return 0;
}

/* What the loader reported: counts, and the last diagnostic in full. */
typedef struct seen {
    int errors, warnings;
    diag_level level;
    char file[64];
    unsigned line;
    char msg[512];
} seen;

static void remember(void *ctx, diag_level level, const char *file,
                     unsigned line, const char *msg)
{
    seen *s = ctx;
    if (level == DIAG_ERROR)
        s->errors++;
    else
        s->warnings++;
    s->level = level;
    snprintf(s->file, sizeof s->file, "%s", file ? file : "");
    s->line = line;
    snprintf(s->msg, sizeof s->msg, "%s", msg);
}

#define SINK(s) (&(diag_sink){ remember, &(s) })

/* Loads qrels text that must be rejected; checks the one error reported. */
static void assert_qrels_error(const char *text, unsigned line,
                               const char *msg)
{
    seen s = { 0 };
    trec_qrels *q = (trec_qrels *)1;
    const char *path = temp_file(text);
    assert_int_equal(trec_qrels_load(path, SINK(s), &q), -1);
    assert_null(q);
    assert_int_equal(s.errors, 1);
    assert_string_equal(s.file, path);
    assert_int_equal(s.line, line);
    assert_string_equal(s.msg, msg);
}

/* The same for run text. */
static void assert_run_error(const char *text, unsigned line, const char *msg)
{
    seen s = { 0 };
    trec_run *r = (trec_run *)1;
    const char *path = temp_file(text);
    assert_int_equal(trec_run_load(path, SINK(s), &r), -1);
    assert_null(r);
    assert_int_equal(s.errors, 1);
    assert_string_equal(s.file, path);
    assert_int_equal(s.line, line);
    assert_string_equal(s.msg, msg);
}

/* ---- Qrels --------------------------------------------------------------- */

static void test_beir_qrels_with_header(void **state)
{
    (void)state;
    seen s = { 0 };
    trec_qrels *q;
    const char *path = temp_file("query-id\tcorpus-id\tscore\n"
                                 "q2\td5\t1\n"
                                 "q1\td2\t0\n"
                                 "q1\td1\t2\n");
    assert_int_equal(trec_qrels_load(path, SINK(s), &q), 0);
    assert_int_equal(s.errors + s.warnings, 0);

    /* Topics sorted by qid, judgements by docid. */
    assert_int_equal(q->n_topics, 2);
    const trec_qrels_topic *q1 = &q->topics[0];
    assert_string_equal(q1->qid, "q1");
    assert_int_equal(q1->n_judged, 2);
    assert_int_equal(q1->n_rel, 1);
    assert_string_equal(q1->judged[0].docid, "d1");
    assert_int_equal(q1->judged[0].grade, 2);
    assert_string_equal(q1->judged[1].docid, "d2");
    assert_int_equal(q1->judged[1].grade, 0);

    const trec_qrels_topic *q2 = trec_qrels_find(q, "q2");
    assert_non_null(q2);
    assert_int_equal(q2->n_judged, 1);
    assert_int_equal(q2->n_rel, 1);
    assert_string_equal(q2->judged[0].docid, "d5");
    assert_ptr_equal(trec_qrels_find(q, "q1"), q1);
    assert_null(trec_qrels_find(q, "q3"));
    trec_qrels_free(q);
}

static void test_trec_qrels_without_header(void **state)
{
    (void)state;
    seen s = { 0 };
    trec_qrels *q;
    const char *path = temp_file("401 0 FBIS3-10 1\n"
                                 "401  0\tFBIS3-11 0\n"
                                 "402 0 LA-1 -1\n");
    assert_int_equal(trec_qrels_load(path, SINK(s), &q), 0);
    assert_int_equal(s.errors + s.warnings, 0);
    assert_int_equal(q->n_topics, 2);
    assert_string_equal(q->topics[0].qid, "401");
    assert_int_equal(q->topics[0].n_judged, 2);
    assert_int_equal(q->topics[0].n_rel, 1);
    assert_string_equal(q->topics[0].judged[1].docid, "FBIS3-11");
    assert_string_equal(q->topics[1].qid, "402");
    assert_int_equal(q->topics[1].judged[0].grade, -1);
    assert_int_equal(q->topics[1].n_rel, 0);
    trec_qrels_free(q);
}

static void test_qrels_crlf_and_blank_lines(void **state)
{
    (void)state;
    seen s = { 0 };
    trec_qrels *q;
    const char *path = temp_file("query-id\tcorpus-id\tscore\r\n"
                                 "\r\n"
                                 "q1\td1\t1\r\n"
                                 "   \n"
                                 "q1\td2\t3"); /* no final newline */
    assert_int_equal(trec_qrels_load(path, SINK(s), &q), 0);
    assert_int_equal(s.errors + s.warnings, 0);
    assert_int_equal(q->n_topics, 1);
    assert_int_equal(q->topics[0].n_judged, 2);
    assert_string_equal(q->topics[0].judged[0].docid, "d1");
    assert_string_equal(q->topics[0].judged[1].docid, "d2");
    assert_int_equal(q->topics[0].judged[1].grade, 3);
    trec_qrels_free(q);
}

static void test_qrels_bad_grade_names_value_and_line(void **state)
{
    (void)state;
    assert_qrels_error("query-id\tcorpus-id\tscore\n"
                       "q1\td1\t1\n"
                       "\n"
                       "q1\td2\thigh\n",
                       4, "grade 'high' is not an integer");
    assert_qrels_error("q1 d1 99999999999\n", 1,
                       "grade '99999999999' is out of range");
}

static void test_qrels_unknown_header_gets_a_hint(void **state)
{
    (void)state;
    assert_qrels_error("qid\tdocid\trel\nq1\td1\t1\n", 1,
                       "grade 'rel' is not an integer (a header line must "
                       "read 'query-id<TAB>corpus-id<TAB>score')");
}

static void test_qrels_field_counts(void **state)
{
    (void)state;
    assert_qrels_error("q1 d1\n", 1,
                       "expected 3 fields (query-id corpus-id score) or 4 "
                       "(qid iter docid grade), found 2");
    assert_qrels_error("q1 0 d1 1\nq1 0 d2 1\nq1 d3 1\n", 3,
                       "expected 4 fields as on line 1, found 3");
}

static void test_qrels_repeated_judgement(void **state)
{
    (void)state;
    /* The same grade twice: a warning, and the document counts once. */
    seen s = { 0 };
    trec_qrels *q;
    const char *path = temp_file("q1 d1 1\nq1 d2 0\nq1 d1 1\n");
    assert_int_equal(trec_qrels_load(path, SINK(s), &q), 0);
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.warnings, 1);
    assert_int_equal(s.line, 3);
    assert_string_equal(s.msg, "document 'd1' of query 'q1' already judged "
                               "on line 1; repeat ignored");
    assert_int_equal(q->topics[0].n_judged, 2);
    assert_int_equal(q->topics[0].n_rel, 1);
    trec_qrels_free(q);

    /* Two different grades: which one is meant cannot be known. */
    assert_qrels_error("q1 d1 1\nq1 d2 0\nq1 d1 2\n", 3,
                       "document 'd1' of query 'q1' judged 2 here but 1 on "
                       "line 1");
}

/* ---- Runs ---------------------------------------------------------------- */

static void test_run_groups_by_query_in_file_order(void **state)
{
    (void)state;
    seen s = { 0 };
    trec_run *r;
    const char *path = temp_file("q2 Q0 b 1 3.5 tag\n"
                                 "q1 Q0 z 1 2 tag\n"
                                 "q2\tQ0\ta\t2\t-1e2\ttag\n"
                                 "q1 Q0 z 2 1 tag\n");
    assert_int_equal(trec_run_load(path, SINK(s), &r), 0);
    assert_int_equal(s.errors + s.warnings, 0);
    assert_int_equal(r->n_topics, 2);

    /* Repeats are kept: dropping them is the measures' job. */
    const trec_run_topic *q1 = trec_run_find(r, "q1");
    assert_ptr_equal(q1, &r->topics[0]);
    assert_int_equal(q1->n_docs, 2);
    assert_string_equal(q1->docs[0].docid, "z");
    assert_true(q1->docs[0].score == 2.0);
    assert_true(q1->docs[1].score == 1.0);

    const trec_run_topic *q2 = trec_run_find(r, "q2");
    assert_non_null(q2);
    assert_int_equal(q2->n_docs, 2);
    assert_string_equal(q2->docs[0].docid, "b");
    assert_true(q2->docs[0].score == 3.5);
    assert_string_equal(q2->docs[1].docid, "a");
    assert_true(q2->docs[1].score == -100.0);
    assert_null(trec_run_find(r, "q3"));
    trec_run_free(r);
}

static void test_run_empty_file(void **state)
{
    (void)state;
    seen s = { 0 };
    trec_run *r;
    assert_int_equal(trec_run_load(temp_file(""), SINK(s), &r), 0);
    assert_int_equal(s.errors + s.warnings, 0);
    assert_int_equal(r->n_topics, 0);
    assert_null(trec_run_find(r, "q1"));
    trec_run_free(r);
}

static void test_run_malformed_line_names_its_line(void **state)
{
    (void)state;
    assert_run_error("q1 Q0 d1 1 2.0 tag\n"
                     "q1 Q0 d2 2 1.0\n",
                     2, "expected 6 fields (qid Q0 docid rank score tag), "
                        "found 5");
    assert_run_error("q1 Q0 d1 1 2.0 tag\n"
                     "q1 Q0 d2 2 1.5x tag\n",
                     2, "score '1.5x' is not a finite number");
    assert_run_error("q1 Q0 d1 1 nan tag\n", 1,
                     "score 'nan' is not a finite number");
    assert_run_error("q1 Q0 d1 first 1.0 tag\n", 1,
                     "rank 'first' is not an integer");
}

static void test_run_nul_byte_is_refused(void **state)
{
    (void)state;
    static const char text[] = "q1 Q0 d1 1 2.0 tag\nq1 Q0 d\0 2 1.0 tag\n";
    seen s = { 0 };
    trec_run *r;
    const char *path = temp_file_n(text, sizeof text - 1);
    assert_int_equal(trec_run_load(path, SINK(s), &r), -1);
    assert_null(r);
    assert_int_equal(s.line, 2);
    assert_string_equal(s.msg, "NUL byte in line (not a text file?)");
}

static void test_missing_file(void **state)
{
    (void)state;
    seen s = { 0 };
    trec_run *r;
    trec_qrels *q;
    const char *path = "/tmp/quarry-eval-no-such-file";
    assert_int_equal(trec_run_load(path, SINK(s), &r), -1);
    assert_null(r);
    assert_int_equal(s.errors, 1);
    assert_string_equal(s.file, path);
    assert_int_equal(s.line, 0);
    assert_string_equal(s.msg, "cannot open: No such file or directory");
    assert_int_equal(trec_qrels_load(path, SINK(s), &q), -1);
    assert_null(q);
    assert_int_equal(s.errors, 2);
}

#define TEST(f) cmocka_unit_test_teardown(f, remove_temps)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_beir_qrels_with_header),
        TEST(test_trec_qrels_without_header),
        TEST(test_qrels_crlf_and_blank_lines),
        TEST(test_qrels_bad_grade_names_value_and_line),
        TEST(test_qrels_unknown_header_gets_a_hint),
        TEST(test_qrels_field_counts),
        TEST(test_qrels_repeated_judgement),
        TEST(test_run_groups_by_query_in_file_order),
        TEST(test_run_empty_file),
        TEST(test_run_malformed_line_names_its_line),
        TEST(test_run_nul_byte_is_refused),
        TEST(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
