/* test_shard_places.c - --shard K/N values, which passages a shard holds,
 * and stub lines read into shards (query/shards.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/schema.h"
#include "common/shard_key.h"
#include "query/shards.h"

static void test_parse(void **state)
{
    (void)state;
    unsigned k, n;
    assert_int_equal(shard_parse("2/3", &k, &n), 0);
    assert_int_equal(k, 2);
    assert_int_equal(n, 3);
    assert_int_equal(shard_parse("4096/4096", &k, &n), 0);
    const char *bad[] = {"0/3", "4/3", "1/0", "3", "1/2x", "-1/2", "1/4097", "/2", "", "1/+2"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(shard_parse(bad[i], &k, &n), -1);
}

/* Every passage in exactly one shard, by its question key, else its ID. */
static void test_holds(void **state)
{
    (void)state;
    passage keyed = {.id = "a1", .question_key = "site-7"};
    passage other = {.id = "a2", .question_key = "site-7"};
    passage bare = {.id = "b1"};
    for (unsigned n = 1; n <= 5; n++) {
        unsigned held = 0;
        for (unsigned k = 1; k <= n; k++) {
            held += shard_holds(k, n, &keyed);
            assert_int_equal(shard_holds(k, n, &keyed), shard_holds(k, n, &other));
        }
        assert_int_equal(held, 1);
    }
    assert_int_equal(shard_holds(schema_fnv1a("site-7") % 3 + 1, 3, &keyed), 1);
    assert_int_equal(shard_holds(schema_fnv1a("b1") % 4 + 1, 4, &bare), 1);
    assert_int_equal(shard_holds(0, 0, &bare), 1); /* not sharded */
}

static char *stub_with(const char *text)
{
    char *path = strdup("/tmp/test_shard_places.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_stub_lines(void **state)
{
    (void)state;
    char *stub = stub_with("# shards\n\nauto a\nglass /abs/b\n  remote 127.0.0.1:3300\n"
                           "remote :ssh host xapian-progsrv /db\n");
    shard_set s;
    char err[256];
    const char *paths[] = {stub, "/some/index"};
    assert_int_equal(shards_list(paths, 2, &s, err, sizeof err), 0);
    assert_int_equal(s.n, 5);
    assert_int_equal(s.v[0].kind, SHARD_LOCAL);
    assert_string_equal(s.v[0].where, "/tmp/a"); /* relative to the stub */
    assert_string_equal(s.v[1].where, "/abs/b");
    assert_int_equal(s.v[2].kind, SHARD_TCP);
    assert_string_equal(s.v[2].where, "127.0.0.1");
    assert_int_equal(s.v[2].port, 3300);
    char want[128];
    snprintf(want, sizeof want, "remote 127.0.0.1:3300 (%s:5)", stub);
    assert_string_equal(s.v[2].name, want);
    assert_int_equal(s.v[3].kind, SHARD_PROGRAM);
    assert_string_equal(s.v[3].where, "ssh");
    assert_string_equal(s.v[3].args, "host xapian-progsrv /db");
    assert_string_equal(s.v[4].name, "/some/index");
    shards_free(&s);
    unlink(stub);
    free(stub);

    const char *bad[] = {"remote 127.0.0.1\n", "remote host:0\n", "remote host:99999\n",
                         "inmemory\n", "auto\n", "# nothing\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        stub = stub_with(bad[i]);
        const char *one[] = {stub};
        assert_int_equal(shards_list(one, 1, &s, err, sizeof err), -1);
        assert_non_null(strstr(err, stub));
        unlink(stub);
        free(stub);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_holds),
        cmocka_unit_test(test_stub_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
