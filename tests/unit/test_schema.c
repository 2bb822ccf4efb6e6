/* test_schema.c - a passage's stored form: every field back as it went in,
 * absent metadata back as absent, and damage refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/schema.h"

/* Encodes p and decodes it again into *out (which the caller frees). */
static void round_trip(const passage *p, schema_stored *out)
{
    size_t len = 0;
    char *data = schema_encode(p, &len);
    assert_non_null(data);
    assert_int_equal(schema_decode(data, len, out), 0);
}

static void test_metadata_round_trip(void **state)
{
    (void)state;
    passage p = {.id = "coffee.meta-42", .answer_title = "", .answer_body = "Use a burr grinder.",
                 .question_title = "Which grinder?", .question_body = "Blade or burr?",
                 .source = "dumps/coffee.meta/Posts.xml", .line = 17, .answer_no = 0,
                 .question_key = "coffee.meta-41", .site = "coffee.meta",
                 .tags = "grinder equipment", .date = "2015-01-29T04:07:49",
                 .author = "Jane Roe", .link = "https://coffee.meta.stackexchange.com/a/42",
                 .score = -3, .has_score = 1, .accepted = 1};
    schema_stored s;
    round_trip(&p, &s);
    assert_string_equal(s.p.id, p.id);
    assert_string_equal(s.p.answer_body, p.answer_body);
    assert_string_equal(s.p.question_title, p.question_title);
    assert_string_equal(s.p.question_body, p.question_body);
    assert_string_equal(s.p.source, p.source);
    assert_int_equal(s.p.line, 17);
    assert_string_equal(s.p.question_key, p.question_key);
    assert_string_equal(s.p.site, p.site);
    assert_string_equal(s.p.tags, p.tags);
    assert_string_equal(s.p.date, p.date);
    assert_string_equal(s.p.author, p.author);
    assert_string_equal(s.p.link, p.link);
    assert_int_equal(s.p.has_score, 1);
    assert_int_equal(s.p.score, -3);
    assert_int_equal(s.p.accepted, 1);
    schema_stored_free(&s);
}

/* A reader that knows no metadata leaves it out of its initialiser: it
 * comes back absent (NULL, no score, not accepted), the text as it was. */
static void test_absent_metadata_stays_absent(void **state)
{
    (void)state;
    passage p = {.id = "doc#1", .answer_title = "T", .answer_body = "B", .question_title = "",
                 .question_body = "", .source = "doc.txt", .line = 3, .answer_no = 1};
    schema_stored s;
    round_trip(&p, &s);
    assert_string_equal(s.p.answer_title, "T");
    assert_string_equal(s.p.question_title, "");
    assert_null(s.p.question_key);
    assert_null(s.p.site);
    assert_null(s.p.tags);
    assert_null(s.p.date);
    assert_null(s.p.author);
    assert_null(s.p.link);
    assert_int_equal(s.p.has_score, 0);
    assert_int_equal(s.p.accepted, 0);
    assert_int_equal(s.p.answer_no, 1);
    schema_stored_free(&s);
}

/* A score of 0 is a score, not its absence. */
static void test_zero_score_is_kept(void **state)
{
    (void)state;
    passage p = {.id = "x", .answer_title = "", .answer_body = "", .question_title = "",
                 .question_body = "", .source = "s", .has_score = 1, .score = 0};
    schema_stored s;
    round_trip(&p, &s);
    assert_int_equal(s.p.has_score, 1);
    assert_int_equal(s.p.score, 0);
    schema_stored_free(&s);
}

/* Data of the wrong shape is refused (and freed): too few fields, a score
 * that is no number, an accepted flag that is not "1" or "". */
static void test_damage_is_refused(void **state)
{
    (void)state;
#define BAD(lit) {lit, sizeof(lit) - 1}
    static const struct {
        const char *data;
        size_t len;
    } bad[] = {
        BAD("id\0t\0b\0qt\0qb\0src\0" "1\0" "2\0"), /* schema 2: eight fields */
        BAD("id\0t\0b\0qt\0qb\0src\0k\0s\0g\0d\0a\0l\0" "1\0" "2\0" "+5\0\0"),
        BAD("id\0t\0b\0qt\0qb\0src\0k\0s\0g\0d\0a\0l\0" "1\0" "2\0" "5x\0\0"),
        BAD("id\0t\0b\0qt\0qb\0src\0k\0s\0g\0d\0a\0l\0" "1\0" "2\0" "5\0" "yes\0"),
    };
#undef BAD
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *data = malloc(bad[i].len);
        assert_non_null(data);
        memcpy(data, bad[i].data, bad[i].len);
        schema_stored s;
        assert_int_equal(schema_decode(data, bad[i].len, &s), -1); /* it frees data */
    }
    /* The same shape with good values decodes. */
    const char good[] = "id\0t\0b\0qt\0qb\0src\0k\0s\0g\0d\0a\0l\0" "1\0" "2\0" "-5\0" "1\0";
    char *data = malloc(sizeof good - 1);
    assert_non_null(data);
    memcpy(data, good, sizeof good - 1);
    schema_stored s;
    assert_int_equal(schema_decode(data, sizeof good - 1, &s), 0);
    assert_int_equal(s.p.score, -5);
    assert_int_equal(s.p.accepted, 1);
    schema_stored_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metadata_round_trip),
        cmocka_unit_test(test_absent_metadata_stays_absent),
        cmocka_unit_test(test_zero_score_is_kept),
        cmocka_unit_test(test_damage_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
