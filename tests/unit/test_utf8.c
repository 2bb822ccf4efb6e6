/* test_utf8.c - strict UTF-8 validation and U+FFFD repair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"

#define R UTF8_REPLACEMENT

/* The length of a string literal, which may hold NULs. */
#define LIT(s) (s), (sizeof(s) - 1)
#define REPAIR(in, bad_at, want, replaced) \
    expect_repair(LIT(in), bad_at, want, replaced)
#define VALID(s) expect_valid(LIT(s))

/* Asserts that in[0..len) is ill-formed first at offset bad_at, and that
 * repairing it gives exactly want (a C string) with `replaced` U+FFFDs. */
static void expect_repair(const char *in, size_t len, size_t bad_at,
                          const char *want, size_t replaced)
{
    size_t at = (size_t)-1, out_len = 0, count = 0;
    assert_false(utf8_validate(in, len, &at));
    assert_int_equal(at, bad_at);
    char *out = utf8_sanitize(in, len, &out_len, &count);
    assert_non_null(out);
    assert_string_equal(out, want);
    assert_int_equal(out_len, strlen(want));
    assert_int_equal(count, replaced);
    free(out);
}

/* Asserts that s[0..len) is well-formed and repaired into an equal copy. */
static void expect_valid(const char *s, size_t len)
{
    size_t at = 12345, out_len = 0, count = 99;
    assert_true(utf8_validate(s, len, &at));
    assert_int_equal(at, 12345); /* untouched */
    char *out = utf8_sanitize(s, len, &out_len, &count);
    assert_non_null(out);
    assert_int_equal(out_len, len);
    assert_memory_equal(out, s, len);
    assert_int_equal(out[len], '\0');
    assert_int_equal(count, 0);
    free(out);
}

static void test_valid_text(void **state)
{
    (void)state;
    VALID("");
    VALID("plain ASCII\n");
    VALID("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
    VALID("a\0b"); /* NUL is U+0000, a valid character */
}

static void test_boundaries_are_valid(void **state)
{
    (void)state;
    VALID("\x7F");                 /* U+007F */
    VALID("\xC2\x80");             /* U+0080 */
    VALID("\xDF\xBF");             /* U+07FF */
    VALID("\xE0\xA0\x80");         /* U+0800 */
    VALID("\xED\x9F\xBF");         /* U+D7FF */
    VALID("\xEE\x80\x80");         /* U+E000 */
    VALID("\xEF\xBF\xBF");         /* U+FFFF */
    VALID("\xF0\x90\x80\x80");     /* U+10000 */
    VALID("\xF4\x8F\xBF\xBF");     /* U+10FFFF */
    VALID("\xEF\xBB\xBF");         /* U+FEFF (BOM) */
}

static void test_stray_bytes(void **state)
{
    (void)state;
    REPAIR("ab\x80" "c", 2, "ab" R "c", 1);   /* lone continuation */
    REPAIR("\xBF\xBF", 0, R R, 2);
    REPAIR("x\xFF", 1, "x" R, 1);
    REPAIR("\xF5\x80\x80\x80", 0, R R R R, 4); /* F5: never a lead */
    REPAIR("\xC3(", 0, R "(", 1);             /* lead without tail */
}

static void test_overlongs(void **state)
{
    (void)state;
    REPAIR("\xC0\xAF", 0, R R, 2);            /* "/" in 2 bytes */
    REPAIR("\xC1\xBF", 0, R R, 2);
    REPAIR("\xE0\x80\xAF", 0, R R R, 3);      /* "/" in 3 bytes */
    REPAIR("\xE0\x9F\xBF", 0, R R R, 3);      /* U+07FF in 3 */
    REPAIR("\xF0\x80\x80\xAF", 0, R R R R, 4);
    REPAIR("\xF0\x8F\xBF\xBF", 0, R R R R, 4); /* U+FFFF in 4 */
}

static void test_surrogates_and_beyond(void **state)
{
    (void)state;
    REPAIR("\xED\xA0\x80", 0, R R R, 3);      /* U+D800 */
    REPAIR("\xED\xBF\xBF", 0, R R R, 3);      /* U+DFFF */
    REPAIR("\xF4\x90\x80\x80", 0, R R R R, 4); /* U+110000 */
    REPAIR("\xF7\xBF\xBF\xBF", 0, R R R R, 4);
}

/* A truncated sequence is one maximal subpart: one U+FFFD, whatever
 * follows it. */
static void test_truncated_sequences(void **state)
{
    (void)state;
    REPAIR("a\xE2\x82", 1, "a" R, 1);          /* at the end */
    REPAIR("\xE2\x82" "A", 0, R "A", 1);
    REPAIR("\xF0\x9F\x98 ok", 0, R " ok", 1);
    REPAIR("\xF0\x9F\x98\xF0\x9F\x98\x80", 0, R "\xF0\x9F\x98\x80", 1);
    REPAIR("\xE2\x82\xE2\x82\xAC", 0, R "\xE2\x82\xAC", 1);
    /* The length is the end, whatever bytes lie beyond it. */
    expect_repair("\xE2\x82\xAC", 2, 0, R, 1);
}

static void test_first_bad_offset_and_count(void **state)
{
    (void)state;
    REPAIR("ok \xC3\xA9 \xFF then \xE0\x80 and \xED\xA0", 6,
           "ok \xC3\xA9 " R " then " R R " and " R R, 5);
}

static void test_null_out_pointers(void **state)
{
    (void)state;
    assert_false(utf8_validate("\xFF", 1, NULL));
    char *out = utf8_sanitize("\xFF", 1, NULL, NULL);
    assert_non_null(out);
    assert_string_equal(out, R);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_text),
        cmocka_unit_test(test_boundaries_are_valid),
        cmocka_unit_test(test_stray_bytes),
        cmocka_unit_test(test_overlongs),
        cmocka_unit_test(test_surrogates_and_beyond),
        cmocka_unit_test(test_truncated_sequences),
        cmocka_unit_test(test_first_bad_offset_and_count),
        cmocka_unit_test(test_null_out_pointers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
