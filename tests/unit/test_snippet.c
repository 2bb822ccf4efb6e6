/* test_snippet.c - matches marked by analysing the text again; the window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/analysis.h"
#include "query/snippet.h"

/* Markers shown as [ and ] so expectations read plainly. */
static char *brackets(char *s)
{
    for (char *p = s; *p; p++)
        *p = *p == '\x01' ? '[' : *p == '\x02' ? ']' : *p;
    return s;
}

typedef struct fixture {
    analyser an;
    xc_qparser *qp;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    analysis_settings s;
    analysis_defaults(&s);
    assert_int_equal(analyser_open(&f->an, &s), XC_OK);
    assert_int_equal(analyser_qparser(&f->an, NULL, 1, &f->qp), XC_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    xc_qparser_free(f->qp);
    analyser_close(&f->an);
    free(f);
    return 0;
}

static const snippet_field FREE = {1, NULL};

/* The snippet of text for query (length 0: snippet_mark, whole). */
static char *snip(fixture *f, const char *query, const char *text, size_t length,
                  snippet_field field, size_t *marks)
{
    xc_query *q;
    snippet_query *sq;
    assert_int_equal(xc_qparser_parse(f->qp, query, 0, &q), XC_OK);
    assert_int_equal(snippet_query_new(q, &f->an, &sq), XC_OK);
    char *out;
    xc_status st = length ? snippet_best(sq, text, length, field, &out, marks)
                          : snippet_mark(sq, text, field, &out, marks);
    assert_int_equal(st, XC_OK);
    snippet_query_free(sq);
    xc_query_free(q);
    return brackets(out);
}

#define EXPECT(f, query, text, length, want)                         \
    do {                                                             \
        char *got_ = snip((f), (query), (text), (length), FREE, NULL); \
        assert_string_equal(got_, (want));                           \
        free(got_);                                                  \
    } while (0)

static void test_title_as_stored(void **state)
{
    fixture *f = *state;
    /* Xapian's snippet made these "dash...", "emoji..." and dropped the
     * control character and the long token. */
    EXPECT(f, "dash", "dash -- emoji \xF0\x9F\x98\x80 \x1b[2J end", 0,
           "[dash] -- emoji \xF0\x9F\x98\x80 \x1b[2J end");
    EXPECT(f, "emoji", "a x0123456789012345678901234567890123456789012345678901234567890123456789 Emoji!", 0,
           "a x0123456789012345678901234567890123456789012345678901234567890123456789 [Emoji]!");
    /* Stems match: the same stemmer as the index. */
    EXPECT(f, "atrophied", "Muscle Atrophy Is One Technique", 0, "Muscle [Atrophy] Is One Technique");
    /* Marker bytes in the text come after HIT_MARK_LITERAL. */
    EXPECT(f, "x", "\x01x\x02", 0, "\x03[[x]\x03]");
}

static void test_short_body_whole(void **state)
{
    fixture *f = *state;
    EXPECT(f, "serious", "  We need serious answers.\n", 200, "We need [serious] answers.");
    EXPECT(f, "none", "A body of exactly twenty", 24, "A body of exactly twenty");
}

static void test_window_and_ellipses(void **state)
{
    fixture *f = *state;
    EXPECT(f, "target",
           "Filler words come first here. Then the target word shows up in this sentence. "
           "And more filler follows after it for a while.",
           40, "...Then the [target] word shows up in this...");
    /* Whole words only, even at the shortest length. */
    EXPECT(f, "quick", "The quick brown fox jumps over the lazy dog", 20, "The [quick] brown fox...");
    /* No match: the start. */
    EXPECT(f, "absent", "One two three four five six seven eight nine", 20, "One two three four...");
    /* What leads the text counts in the length. */
    EXPECT(f, "quoted", "\"Quoted start words and more", 20, "\"[Quoted] start words...");
    /* A word longer than the snippet: its start, cut between characters. */
    EXPECT(f, "absent", "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 b", 21,
           "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9...");
    /* Whitespace runs are one space. */
    EXPECT(f, "b", "a\n\n\tb   c", 200, "a [b] c");
}

static void test_phrase_window_and_marks(void **state)
{
    fixture *f = *state;
    /* The words apart first, the phrase later: the window is the phrase's,
     * marked as one span; the words apart are not marks of the phrase. */
    EXPECT(f, "\"proof of stake\"",
           "A proof is needed, and at stake is much. Filler filler filler filler "
           "filler filler filler. Some chains use proof of stake instead of work.",
           60, "...Some chains use [proof of stake] instead of work.");
    EXPECT(f, "\"proof of stake\" chains",
           "Proof of stake, and proof alone; chains.", 0,
           "[Proof of stake], and proof alone; [chains].");
    /* NEAR: each word marked where they are close. */
    EXPECT(f, "botox NEAR safety",
           "botox here. One two three four five six seven eight nine ten. safety of botox", 0,
           "botox here. One two three four five six seven eight nine ten. [safety] of [botox]");
}

static void test_fields(void **state)
{
    fixture *f = *state;
    snippet_field title = {1, "S"}, question_only = {0, "XQ"};
    size_t marks = 9;
    char *s = snip(f, "title:calf korea", "Making Calf smaller in Korea", 0, title, &marks);
    assert_string_equal(s, "Making [Calf] smaller in [Korea]");
    assert_int_equal(marks, 2);
    free(s);
    s = snip(f, "question:korea calf", "In Korea a calf", 0, question_only, &marks);
    assert_string_equal(s, "In [Korea] a calf");
    assert_int_equal(marks, 1);
    free(s);
    /* Excluded words are no match to show. */
    s = snip(f, "calf NOT korea", "In Korea a calf", 0, FREE, &marks);
    assert_string_equal(s, "In Korea a [calf]");
    free(s);
}

static void test_bounded_scan(void **state)
{
    fixture *f = *state;
    size_t n = 4 * SNIPPET_SCAN_BYTES;
    char *text = malloc(n + 1);
    for (size_t i = 0; i < n; i += 5)
        memcpy(text + i, "word ", 5);
    text[n] = '\0';
    memcpy(text + 100, "hit  ", 5);
    memcpy(text + n - 20, "hit  ", 5); /* beyond the scan: not looked at */
    size_t marks = 0;
    char *s = snip(f, "hit", text, 30, FREE, &marks);
    assert_string_equal(s, "...word [hit] word word word word...");
    assert_int_equal(marks, 1);
    free(s);
    s = snip(f, "hit", text, 0, FREE, &marks);
    assert_int_equal(marks, 1); /* the title-style copy is whole, marked in the scan */
    assert_int_equal(strlen(s), n + 2);
    free(s);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_title_as_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_body_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_window_and_ellipses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phrase_window_and_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bounded_scan, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
