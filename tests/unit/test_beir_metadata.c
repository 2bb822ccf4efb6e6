/* test_beir_metadata.c - a BEIR line's Q&A metadata keys into a passage:
 * where they are looked up, the forms each takes, and what is left out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/beir_metadata.h"

/* The warnings of one read, "LINE: MSG" joined by "|". */
static char warnings[1024];

static void collect(void *ctx, diag_level level, const char *file, unsigned line,
                    const char *msg)
{
    (void)ctx;
    (void)file;
    assert_int_equal(level, DIAG_WARNING);
    size_t used = strlen(warnings);
    snprintf(warnings + used, sizeof warnings - used, "%s%u: %s", used ? "|" : "", line, msg);
}

typedef struct read {
    json_t *obj;
    passage p;
    beir_metadata m;
} read;

static void read_line(const char *json, read *r)
{
    json_error_t err;
    warnings[0] = '\0';
    memset(r, 0, sizeof *r);
    r->obj = json_loads(json, 0, &err);
    assert_non_null(r->obj);
    diag_sink sink = {collect, NULL};
    assert_int_equal(beir_metadata_read(r->obj, &r->p, &r->m, "c.jsonl", 3, &sink), 0);
}

static void done(read *r)
{
    beir_metadata_free(&r->m);
    json_decref(r->obj);
}

static void test_every_key_from_metadata(void **state)
{
    (void)state;
    read r;
    read_line("{\"_id\":\"x\",\"metadata\":{\"question_id\":10,\"site\":\"coffee\","
              "\"tags\":[\"espresso\",\"grinder\"],\"score\":-3,\"accepted\":true,"
              "\"date\":\"2019-05-01T10:00:00\",\"author\":\"Ann\",\"link\":\"https://l\"}}",
              &r);
    assert_string_equal(r.p.question_key, "coffee-10");
    assert_string_equal(r.p.site, "coffee");
    assert_string_equal(r.p.tags, "espresso grinder");
    assert_int_equal(r.p.has_score, 1);
    assert_int_equal(r.p.score, -3);
    assert_int_equal(r.p.accepted, 1);
    assert_string_equal(r.p.date, "2019-05-01T10:00:00");
    assert_string_equal(r.p.author, "Ann");
    assert_string_equal(r.p.link, "https://l");
    assert_string_equal(warnings, "");
    done(&r);
}

static void test_top_level_keys_and_precedence(void **state)
{
    (void)state;
    read r;
    read_line("{\"site\":\"top\",\"question_id\":\"7\",\"score\":0,"
              "\"metadata\":{\"site\":\"inner\"}}",
              &r);
    assert_string_equal(r.p.site, "inner"); /* "metadata" first */
    assert_string_equal(r.p.question_key, "inner-7");
    assert_int_equal(r.p.has_score, 1); /* a zero score is a score */
    assert_int_equal(r.p.score, 0);
    assert_int_equal(r.p.accepted, 0);
    done(&r);
}

static void test_question_key_as_given(void **state)
{
    (void)state;
    read r;
    read_line("{\"question_key\":\"q-1\",\"question_id\":5,\"site\":\"s\"}", &r);
    assert_string_equal(r.p.question_key, "q-1");
    done(&r);
    read_line("{\"question_id\":5}", &r);
    assert_string_equal(r.p.question_key, "5");
    done(&r);
}

static void test_tag_forms(void **state)
{
    (void)state;
    read r;
    read_line("{\"tags\":\"<c++><regex>\"}", &r);
    assert_string_equal(r.p.tags, "c++ regex");
    done(&r);
    read_line("{\"tags\":\"  a   b \"}", &r);
    assert_string_equal(r.p.tags, "a b");
    done(&r);
    read_line("{\"tags\":[\"a b\", \"c\"]}", &r); /* a tag holds no space */
    assert_string_equal(r.p.tags, "a b c");
    done(&r);
    read_line("{\"tags\":[]}", &r);
    assert_null(r.p.tags);
    done(&r);
}

static void test_absent_and_null_keys(void **state)
{
    (void)state;
    read r;
    read_line("{\"_id\":\"x\",\"text\":\"t\",\"site\":null,\"author\":\"\"}", &r);
    assert_null(r.p.question_key);
    assert_null(r.p.site);
    assert_null(r.p.tags);
    assert_null(r.p.date);
    assert_null(r.p.author); /* empty is absent */
    assert_null(r.p.link);
    assert_int_equal(r.p.has_score, 0);
    assert_int_equal(r.p.accepted, 0);
    assert_string_equal(warnings, "");
    done(&r);
}

static void test_wrong_kinds_warned_and_left_out(void **state)
{
    (void)state;
    read r;
    read_line("{\"score\":\"12\",\"accepted\":1,\"date\":\"May 2019\",\"tags\":[1],"
              "\"site\":3,\"question_id\":1.5}",
              &r);
    assert_string_equal(warnings,
                        "3: \"site\" is not a string; left out|"
                        "3: \"date\" is not a date (YYYY-MM-DD, optionally THH:MM:SS); left out|"
                        "3: \"score\" is not a whole number; left out|"
                        "3: \"accepted\" is not true or false; left out|"
                        "3: \"tags\" is not an array of strings or a string; left out|"
                        "3: \"question_id\" is not a string or a whole number; left out");
    assert_null(r.p.site);
    assert_null(r.p.date);
    assert_int_equal(r.p.has_score, 0);
    assert_int_equal(r.p.accepted, 0);
    assert_null(r.p.tags);
    assert_null(r.p.question_key);
    done(&r);
    read_line("{\"metadata\":[1]}", &r);
    assert_string_equal(warnings, "3: \"metadata\" is not an object; left out");
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_key_from_metadata),
        cmocka_unit_test(test_top_level_keys_and_precedence),
        cmocka_unit_test(test_question_key_as_given),
        cmocka_unit_test(test_tag_forms),
        cmocka_unit_test(test_absent_and_null_keys),
        cmocka_unit_test(test_wrong_kinds_warned_and_left_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
