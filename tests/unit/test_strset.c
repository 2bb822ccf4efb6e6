/* test_strset.c - the string set: keys are key[0..len), whatever follows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/strset.h"

/* A key given as a prefix of a longer string is that prefix: found again
 * as a whole string, and as a prefix of another string. */
static void test_prefix_keys(void **state)
{
    (void)state;
    strset s = {0};
    unsigned old = 0;
    assert_int_equal(strset_add(&s, "abcdef", 3, 7, NULL), 1);
    assert_true(strset_contains(&s, "abc"));
    assert_false(strset_contains(&s, "abcdef"));
    assert_int_equal(strset_add(&s, "abcxyz", 3, 8, &old), 0);
    assert_int_equal(old, 7);
    assert_int_equal(strset_add(&s, "ab", 2, 9, NULL), 1);
    assert_int_equal(strset_add(&s, "abcd", 4, 10, NULL), 1);
    unsigned v = 0;
    assert_true(strset_find(&s, "abcd", &v));
    assert_int_equal(v, 10);
    strset_free(&s);
}

/* Many keys, through several growths: each once, each with its value. */
static void test_many_keys(void **state)
{
    (void)state;
    strset s = {0};
    char key[32];
    for (unsigned i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "id-%u!tail", i);
        assert_int_equal(strset_add(&s, key, (size_t)n - 5, i, NULL), 1);
    }
    for (unsigned i = 0; i < 5000; i++) {
        unsigned v = 0;
        snprintf(key, sizeof key, "id-%u", i);
        assert_true(strset_find(&s, key, &v));
        assert_int_equal(v, i);
        assert_int_equal(strset_add(&s, key, strlen(key), 0, NULL), 0);
    }
    assert_int_equal(s.count, 5000);
    strset_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix_keys),
        cmocka_unit_test(test_many_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
