/* test_qa_fields.c - the Q&A filters' terms and bounds (common/schema.c) and
 * the check of field names before parsing (query/query_fields.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/schema.h"
#include "query/query_fields.h"
#include "xapian-c/xapian_c.h"

static const schema_filter *filter(const char *name)
{
    for (const schema_filter *f = schema_filters; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    fail_msg("no filter %s", name);
    return NULL;
}

/* The term of name:value, or "ERR:" and the message. */
static char *term_of(const char *name, const char *value)
{
    char err[256];
    char *t = schema_filter_term(value, (void *)filter(name), err, sizeof err);
    if (t)
        return t;
    char *e = malloc(strlen(err) + 5);
    strcpy(e, "ERR:");
    strcat(e, err);
    return e;
}

#define assert_term(name, value, expected)                                                 \
    do {                                                                                   \
        char *t_ = term_of(name, value);                                                   \
        assert_string_equal(t_, expected);                                                 \
        free(t_);                                                                          \
    } while (0)

static void test_filter_terms(void **state)
{
    (void)state;
    assert_term("tag", "Python", "XTAGpython");
    assert_term("site", "Coffee.Meta", "XSITEcoffee.meta");
    assert_term("is", "Accepted", "XISaccepted");
    assert_term("is", "closed", "ERR:is: knows only is:accepted, not is:closed");
    assert_term("source", "Sub/Doc", "XSRCSub/Doc"); /* paths keep their case */
    assert_term("in", "sub/deeper/", "XDIRsub/deeper");
    assert_term("in", "./sub", "XDIRsub");
    assert_term("in", "/", "ERR:in: needs a directory below the root, e.g. in:docs");
    /* The indexer's terms are the same function's. */
    char *t = schema_term(SCHEMA_PREFIX_TAG, "Python", 1);
    assert_string_equal(t, "XTAGpython");
    free(t);
}

static void test_long_filter_value_is_hashed_like_an_id(void **state)
{
    (void)state;
    char value[400];
    memset(value, 'a', sizeof value - 1);
    value[sizeof value - 1] = '\0';
    char *a = term_of("source", value), *b = schema_source_term(value);
    assert_int_equal(strlen(a), SCHEMA_MAX_TERM);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_date_values(void **state)
{
    (void)state;
    char out[15];
    assert_int_equal(schema_date_value("2019-05-01T10:20:30", out), 0);
    assert_string_equal(out, "20190501102030");
    assert_int_equal(schema_date_value("2019-05-01", out), 0);
    assert_string_equal(out, "20190501000000");
    assert_int_equal(schema_date_value("2019-05-01T10:20Z", out), 0);
    assert_string_equal(out, "20190501102000");
    assert_int_equal(schema_date_value("2019-05", out), -1); /* a value needs a day */
    assert_int_equal(schema_date_value("2019-13-01", out), -1);
    assert_int_equal(schema_date_value("2019-05-01T10", out), -1);
    assert_int_equal(schema_date_value("2019-05-01 10:20:30", out), -1);
    assert_int_equal(schema_date_value("last week", out), -1);
}

/* The bounds of name:begin..end as strings ("-" for an open side), or
 * "ERR:" and the message. */
static void bounds(const char *name, const char *begin, const char *end, char *got,
                   size_t size)
{
    char *lo, *hi, err[200];
    size_t lo_len, hi_len;
    if (schema_filter_range(begin, end, (void *)filter(name), &lo, &lo_len, &hi, &hi_len,
                            err, sizeof err) != 0) {
        snprintf(got, size, "ERR:%s", err);
        return;
    }
    snprintf(got, size, "%.*s %.*s", lo ? (int)lo_len : 1, lo ? lo : "-",
             hi ? (int)hi_len : 1, hi ? hi : "-");
    free(lo);
    free(hi);
}

static void test_date_ranges(void **state)
{
    (void)state;
    char got[256];
    bounds("date", "2019-01-01", "2020-06-30", got, sizeof got);
    assert_string_equal(got, "20190101000000 20200630235959");
    bounds("date", "", "2020", got, sizeof got); /* a year counts to its end */
    assert_string_equal(got, "- 20201231235959");
    bounds("date", "2019-02", "", got, sizeof got);
    assert_string_equal(got, "20190201000000 -");
    bounds("date", "2019-02", "2019-02", got, sizeof got);
    assert_string_equal(got, "20190201000000 20190231235959");
    bounds("date", "", "", got, sizeof got);
    assert_string_equal(got, "ERR:date: needs a bound (date:FROM..TO, open on either side)");
    bounds("date", "20190101", "", got, sizeof got);
    assert_string_equal(got, "ERR:date: '20190101' is not a date (YYYY, YYYY-MM, "
                             "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)");
}

/* The serialised bound of score:text.. */
static void score_bound(const char *text, char *out, size_t *len)
{
    char *lo, *hi, err[256];
    size_t lo_len, hi_len;
    assert_int_equal(schema_filter_range(text, "", (void *)filter("score"), &lo, &lo_len,
                                         &hi, &hi_len, err, sizeof err),
                     0);
    assert_null(hi);
    memcpy(out, lo, lo_len);
    *len = lo_len;
    free(lo);
}

static int compare_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen > blen) - (alen < blen);
}

static void test_score_ranges_follow_the_numbers(void **state)
{
    (void)state;
    static const char *const ordered[] = {"-100", "-2", "0", "1", "2.5", "10", "1e6"};
    char prev[XC_SORTABLE_MAX], cur[XC_SORTABLE_MAX];
    size_t plen = 0, clen;
    for (size_t i = 0; i < sizeof ordered / sizeof *ordered; i++) {
        score_bound(ordered[i], cur, &clen);
        /* What the indexer stores for that number is the same bytes. */
        char stored[XC_SORTABLE_MAX];
        size_t slen = xc_sortable_serialise(strtod(ordered[i], NULL), stored);
        assert_int_equal(compare_bytes(cur, clen, stored, slen), 0);
        if (i > 0)
            assert_true(compare_bytes(prev, plen, cur, clen) < 0);
        memcpy(prev, cur, clen);
        plen = clen;
    }
    char got[256];
    bounds("score", "many", "", got, sizeof got);
    assert_string_equal(got, "ERR:score: 'many' is not a number");
    bounds("score", "", "inf", got, sizeof got);
    assert_string_equal(got, "ERR:score: 'inf' is not a number");
}

/* query_fields_check's message for text, or "" when it passes. */
static const char *check(const char *text)
{
    static char err[512];
    int ranges;
    if (query_fields_check(text, &ranges, err, sizeof err) == 0)
        err[0] = '\0';
    return err;
}

static void test_known_fields_pass(void **state)
{
    (void)state;
    assert_string_equal(check("grind title:espresso question:why"), "");
    assert_string_equal(check("tag:python site:ai is:accepted source:a/b in:a"), "");
    assert_string_equal(check("score:10.. date:..2020 (score:1..2)"), "");
    assert_string_equal(check("+tag:python -site:ai"), "");
}

static void test_words_with_colons_pass(void **state)
{
    (void)state;
    assert_string_equal(check("see http://example.org/a and ftp://x"), "");
    assert_string_equal(check("std::map 10:30 note: this"), "");
    assert_string_equal(check("ends with a colon:"), "");
    assert_string_equal(check("\"author:x\" and \"Title:y z\""), "");
    assert_string_equal(check("x.author:y a/b:c"), ""); /* not at a word's start */
}

static void test_unknown_fields_refused(void **state)
{
    (void)state;
    assert_string_equal(check("grind author:ann"),
                        "unknown field 'author:' (known fields: title:, question:, tag:, "
                        "site:, is:, source:, in:, score:, date:; to search the words, put a "
                        "space after the ':' or quote them)");
    assert_true(strstr(check("Title:grind"), "unknown field 'Title:'; did you mean 'title:'?"));
    assert_true(strstr(check("a (author:x)"), "unknown field 'author:'"));
    assert_true(strstr(check("\"quoted\" author:x"), "unknown field 'author:'"));
    assert_true(strstr(check("a -Tag:x"), "did you mean 'tag:'?"));
}

static void test_range_fields_need_a_range(void **state)
{
    (void)state;
    assert_string_equal(check("score:10"), "score: takes a range, score:LO..HI, where either "
                                           "bound may be left out");
    assert_string_equal(check("x date:2019 y"), "date: takes a range, date:FROM..TO, where "
                                                "either bound may be left out");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter_terms),
        cmocka_unit_test(test_long_filter_value_is_hashed_like_an_id),
        cmocka_unit_test(test_date_values),
        cmocka_unit_test(test_date_ranges),
        cmocka_unit_test(test_score_ranges_follow_the_numbers),
        cmocka_unit_test(test_known_fields_pass),
        cmocka_unit_test(test_words_with_colons_pass),
        cmocka_unit_test(test_unknown_fields_refused),
        cmocka_unit_test(test_range_fields_need_a_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
