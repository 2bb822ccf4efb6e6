/* test_escape.c - every control character and ill-formed byte made visible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/escape.h"

/* Asserts that escaping in (len bytes) gives want, through the FILE writer
 * and the buffer one alike. */
static void expect(const char *in, size_t len, const char *want)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    assert_int_equal(escape_for_terminal(f, in, len), 0);
    fclose(f);
    assert_string_equal(buf, want);
    free(buf);
    if (strlen(in) == len) {
        char *d = escape_dup(in);
        assert_string_equal(d, want);
        free(d);
    }
}
#define EXPECT(in, want) expect((in), sizeof(in) - 1, (want))

static void test_plain_text_unchanged(void **state)
{
    (void)state;
    EXPECT("plain text, \\x1b and emoji \xF0\x9F\x98\x80 caf\xC3\xA9",
           "plain text, \\x1b and emoji \xF0\x9F\x98\x80 caf\xC3\xA9");
    EXPECT("", "");
}

static void test_c0_and_del(void **state)
{
    (void)state;
    EXPECT("a\x1b[2Jb", "a\\x1b[2Jb");
    EXPECT("\x1b]0;title\x07", "\\x1b]0;title\\x07");
    EXPECT("x\by\rz\tw\nv", "x\\x08y\\rz\\tw\\nv");
    EXPECT("\x01\x02\x1f\x7f", "\\x01\\x02\\x1f\\x7f");
    expect("a\0b", 3, "a\\x00b");
}

static void test_c1(void **state)
{
    (void)state;
    EXPECT("\xC2\x9B" "31m", "\\u009b31m");
    EXPECT("\xC2\x80\xC2\x9F\xC2\xA0", "\\u0080\\u009f\xC2\xA0"); /* NBSP stays */
}

static void test_ill_formed_bytes(void **state)
{
    (void)state;
    EXPECT("\x9B" "2J", "\\x9b2J"); /* a lone C1 byte, Latin-1 style */
    EXPECT("a\xFF\xFE", "a\\xff\\xfe");
    EXPECT("\xE2\x82" "A", "\\xe2\\x82A");
    EXPECT("\xC0\xAF", "\\xc0\\xaf");
}

static void test_escape_line(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    escape_line(f, "prog: %s: %d", "file\nname\x1b", 3);
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    big[2000] = '\a';
    escape_line(f, "%s", big);
    fclose(f);
    assert_memory_equal(buf, "prog: file\\nname\\x1b: 3\n", 24);
    assert_int_equal(size, 24 + sizeof big - 1 + 3 + 1);
    assert_memory_equal(buf + 24 + 2000, "\\x07x", 5);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_unchanged),
        cmocka_unit_test(test_c0_and_del),
        cmocka_unit_test(test_c1),
        cmocka_unit_test(test_ill_formed_bytes),
        cmocka_unit_test(test_escape_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
