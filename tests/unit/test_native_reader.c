/* test_native_reader.c - the native format, case by case (docs/FORMAT.md).
 *
 * Each test parses a known document and checks every passage field and every
 * diagnostic (level, file, line, exact text).  Run from the repository root:
 * the sample corpus is read by its relative path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/native_reader.h"

#define SRC "doc.txt"
#define SAMPLE "corpus/000_14adfe264c4b3c6f.txt"
#define R "\xEF\xBF\xBD" /* U+FFFD */
#include "tests/unit/reader_capture.h"

/* Parses buf[0..len) as SRC with id base "doc"; returns the reader's result. */
static int read_buf(seen *s, const char *buf, size_t len)
{
    diag_sink sink = { on_diag, s };
    return native_read_buffer(buf, len, SRC, "doc", on_passage, s, &sink);
}

/* A string literal with its exact length (it may hold NULs). */
#define READ(s, lit) read_buf((s), (lit), sizeof(lit) - 1)

static void expect_passage(const seen *s, size_t i, const char *id,
                           unsigned line, const char *answer_title,
                           const char *answer_body, const char *question_title,
                           const char *question_body)
{
    assert_true(i < s->n_passages);
    const passage *p = &s->passages[i];
    assert_string_equal(p->id, id);
    assert_int_equal(p->line, line);
    assert_int_equal(p->answer_no, i + 1);
    assert_string_equal(p->answer_title, answer_title);
    assert_string_equal(p->answer_body, answer_body);
    assert_string_equal(p->question_title, question_title);
    assert_string_equal(p->question_body, question_body);
    assert_string_equal(p->source, SRC);
}

static void expect_diag(const seen *s, size_t i, diag_level level,
                        const char *file, unsigned line, const char *msg)
{
    assert_true(i < s->n_diags);
    assert_int_equal(s->diags[i].level, level);
    assert_string_equal(s->diags[i].file, file);
    assert_int_equal(s->diags[i].line, line);
    assert_string_equal(s->diags[i].msg, msg);
}

/* The two answers of every well-formed variant below, starting on the given
 * lines. */
static void expect_two_answers(const seen *s, unsigned line1, unsigned line2)
{
    assert_int_equal(s->n_passages, 2);
    expect_passage(s, 0, "doc#1", line1, "A1", "Body one.", "Q?", "Why?");
    expect_passage(s, 1, "doc#2", line2, "A2", "Body two.", "Q?", "Why?");
}

static void test_lf_document(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "Q?\n\nWhy?\n\nA1\n\nBody one.\n\nA2\n\n"
                             "Body two.\n"), 0);
    expect_two_answers(s, 5, 9);
    assert_int_equal(s->n_diags, 0);
}

static void test_crlf_document(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "Q?\r\n\r\nWhy?\r\n\r\nA1\r\n\r\nBody one.\r\n"
                             "\r\nA2\r\n\r\nBody two.\r\n"), 0);
    expect_two_answers(s, 5, 9);
    assert_int_equal(s->n_diags, 0);
}

/* A lone CR ends a line; CR LF is one line end, not two, and LF CR is two. */
static void test_cr_and_mixed_line_ends(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "Q?\r\rWhy?\n\r\n\nA1\n\rBody one.\r\n\n"
                             "A2\r\nBody\r\ntwo.\r"), 0);
    assert_int_equal(s->n_passages, 2);
    expect_passage(s, 0, "doc#1", 6, "A1", "Body one.", "Q?", "Why?");
    expect_passage(s, 1, "doc#2", 10, "A2 Body two.", "", "Q?", "Why?");
    expect_diag(s, 0, DIAG_WARNING, SRC, 10,
                "answer 2 has a title but no body; indexed with an empty body");
    assert_int_equal(s->n_diags, 1);
}

static void test_bom_is_skipped(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "\xEF\xBB\xBFQ?\n\nWhy?\n\nA1\n\nBody one.\n\n"
                             "A2\n\nBody two.\n"), 0);
    expect_two_answers(s, 5, 9);
    assert_int_equal(s->n_diags, 0);
}

/* Only the first three bytes can be a BOM; U+FEFF elsewhere is text. */
static void test_bom_elsewhere_is_text(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "\xEF\xBB\xBF\xEF\xBB\xBFQ\n\nB\n\n"
                             "T\xEF\xBB\xBF\n\nX"), 0);
    assert_int_equal(s->n_passages, 1);
    expect_passage(s, 0, "doc#1", 5, "T\xEF\xBB\xBF", "X",
                   "\xEF\xBB\xBFQ", "B");
}

/* Blank lines hold only spaces and tabs; a run of them is one separator;
 * blank lines before the first paragraph still count as lines. */
static void test_blank_lines(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "\n \t\n\nQ?\n  \n\t\t\nWhy?\n \nA1\n\n\n\n"
                             "Body one.\n\t\nA2\n\nBody two.\n\n  \n\t\n"), 0);
    expect_two_answers(s, 9, 15);
    assert_int_equal(s->n_diags, 0);
}

/* Other whitespace is text: a line holding a form feed or U+00A0 (no-break
 * space) is not blank, and such characters are not trimmed. */
static void test_only_space_and_tab_are_blank(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "Q\n\f\nB\n\nWhy\n\nT\n\n"
                             "\xC2\xA0" "body\xC2\xA0 \n"), 0);
    assert_int_equal(s->n_passages, 1);
    expect_passage(s, 0, "doc#1", 7, "T", "\xC2\xA0" "body\xC2\xA0",
                   "Q \f B", "Why");
    assert_int_equal(s->n_diags, 0);
}

/* Each line is trimmed; the lines of a paragraph are joined by one space;
 * spaces inside a line are kept as they are. */
static void test_trim_and_join(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "  Q?  \n\tWhy?\n\n  first  line \t\n"
                             "\t second\n\nA  1\n\n one\ntwo \n three\n"), 0);
    assert_int_equal(s->n_passages, 1);
    expect_passage(s, 0, "doc#1", 7, "A  1", "one two three", "Q? Why?",
                   "first  line second");
    assert_int_equal(s->n_diags, 0);
}

/* A document need not end with a line end. */
static void test_no_final_line_end(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "Q?\n\nWhy?\n\nA1\n\nBody one.\n\nA2\n\n"
                             "Body two."), 0);
    expect_two_answers(s, 5, 9);
    assert_int_equal(s->n_diags, 0);
}

static void test_empty_document(void **state)
{
    seen *s = *state;
    assert_int_equal(read_buf(s, "", 0), 0);
    assert_int_equal(s->n_passages, 0);
    expect_diag(s, 0, DIAG_WARNING, SRC, 0, "empty document; nothing indexed");
    assert_int_equal(s->n_diags, 1);
}

static void test_whitespace_only_document(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "\xEF\xBB\xBF \t\r\n\n   \r\t"), 0);
    assert_int_equal(s->n_passages, 0);
    expect_diag(s, 0, DIAG_WARNING, SRC, 0, "empty document; nothing indexed");
    assert_int_equal(s->n_diags, 1);
}

static void test_question_title_only(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "\nQ?\nstill the title\n\n"), 0);
    assert_int_equal(s->n_passages, 0);
    expect_diag(s, 0, DIAG_WARNING, SRC, 0,
                "question has no answers; nothing indexed");
    assert_int_equal(s->n_diags, 1);
}

static void test_question_without_answers(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "Q?\n\nWhy?\n"), 0);
    assert_int_equal(s->n_passages, 0);
    expect_diag(s, 0, DIAG_WARNING, SRC, 0,
                "question has no answers; nothing indexed");
    assert_int_equal(s->n_diags, 1);
}

static void test_last_answer_without_body(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "Q?\n\nWhy?\n\nA1\n\nBody one.\n\n"
                             "A2 title\nover two lines\n\n"), 0);
    assert_int_equal(s->n_passages, 2);
    expect_passage(s, 0, "doc#1", 5, "A1", "Body one.", "Q?", "Why?");
    expect_passage(s, 1, "doc#2", 9, "A2 title over two lines", "", "Q?",
                   "Why?");
    expect_diag(s, 0, DIAG_WARNING, SRC, 9,
                "answer 2 has a title but no body; indexed with an empty body");
    assert_int_equal(s->n_diags, 1);
}

/* Paragraph order is the only structure: a missing question body shifts
 * every later paragraph by one. */
static void test_missing_question_body_shifts_roles(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "Q?\n\nA1\n\nBody one.\n"), 0);
    assert_int_equal(s->n_passages, 1);
    expect_passage(s, 0, "doc#1", 5, "Body one.", "", "Q?", "A1");
    expect_diag(s, 0, DIAG_WARNING, SRC, 5,
                "answer 1 has a title but no body; indexed with an empty body");
    assert_int_equal(s->n_diags, 1);
}

static void test_invalid_utf8_once(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "Q?\n\nWhy?\n\nA1\n\nBody \xC3\xA9 \xE9t\xC3\n\n"
                             "A2\n\nBody two.\n"), 0);
    assert_int_equal(s->n_passages, 2);
    expect_passage(s, 0, "doc#1", 5, "A1", "Body \xC3\xA9 " R "t" R, "Q?",
                   "Why?");
    expect_passage(s, 1, "doc#2", 9, "A2", "Body two.", "Q?", "Why?");
    expect_diag(s, 0, DIAG_WARNING, SRC, 7,
                "invalid UTF-8 (byte 0xE9 at column 9); replaced by U+FFFD"
                " (2 invalid sequences in this file)");
    assert_int_equal(s->n_diags, 1);
}

/* Columns count bytes from 1, on line 1 from just after a BOM; with one
 * replacement the count is left out. */
static void test_invalid_utf8_after_bom(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "\xEF\xBB\xBF\xC3\xA9t\xE2\x82\n\nWhy?\n\n"
                             "A1\n\nBody one.\n"), 0);
    assert_int_equal(s->n_passages, 1);
    expect_passage(s, 0, "doc#1", 5, "A1", "Body one.", "\xC3\xA9t" R, "Why?");
    expect_diag(s, 0, DIAG_WARNING, SRC, 1,
                "invalid UTF-8 (byte 0xE2 at column 4); replaced by U+FFFD");
    assert_int_equal(s->n_diags, 1);
}

static void test_nul_byte_rejects_file(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "Q?\r\n\r\nWhy?\r\n\r\nA1\r\n\r\n\0Body\n"),
                     -1);
    assert_int_equal(s->n_passages, 0);
    expect_diag(s, 0, DIAG_ERROR, SRC, 7,
                "NUL byte at column 1; binary file skipped");
    assert_int_equal(s->n_diags, 1);
}

/* The NUL check comes first: no UTF-8 warning for a rejected file. */
static void test_nul_byte_wins_over_bad_utf8(void **state)
{
    seen *s = *state;
    assert_int_equal(READ(s, "\xEF\xBB\xBF\0\xFF"), -1);
    assert_int_equal(s->n_passages, 0);
    expect_diag(s, 0, DIAG_ERROR, SRC, 1,
                "NUL byte at column 1; binary file skipped");
    assert_int_equal(s->n_diags, 1);
}

/* A non-zero return from the callback stops the reader, which returns it;
 * the missing-body warning of an answer never reached is not given. */
static void test_callback_stops_reading(void **state)
{
    seen *s = *state;
    s->stop_after = 1;
    assert_int_equal(READ(s, "Q?\n\nWhy?\n\nA1\n\nBody one.\n\nA2\n"), 7);
    assert_int_equal(s->n_passages, 1);
    expect_passage(s, 0, "doc#1", 5, "A1", "Body one.", "Q?", "Why?");
    assert_int_equal(s->n_diags, 0);
}

static int read_path(seen *s, const char *path, size_t max_bytes)
{
    diag_sink sink = { on_diag, s };
    return native_read_file(path, "000_14adfe264c4b3c6f", max_bytes,
                            on_passage, s, &sink);
}

static void test_sample_file(void **state)
{
    static const struct {
        unsigned line;
        const char *title;
    } want[] = {
        { 5, "Making Calves Appear Smaller" },
        { 9, "Nerve block procedures to make calves smaller" },
        { 14, "Making calf smaller" },
        { 18, "Muscle Atrophy Is One Technique For Making Calfs Smaller" },
        { 22, "Making calves smaller by nerve block works but will "
              "compromise function." },
    };
    seen *s = *state;
    assert_int_equal(read_path(s, SAMPLE, 1 << 20), 0);
    assert_int_equal(s->n_passages, 5);
    assert_int_equal(s->n_diags, 0);
    for (size_t i = 0; i < 5; i++) {
        const passage *p = &s->passages[i];
        char id[64];
        snprintf(id, sizeof id, "000_14adfe264c4b3c6f#%zu", i + 1);
        assert_string_equal(p->id, id);
        assert_int_equal(p->answer_no, i + 1);
        assert_int_equal(p->line, want[i].line);
        assert_string_equal(p->answer_title, want[i].title);
        assert_string_equal(p->source, SAMPLE);
        assert_string_equal(p->question_title,
                            "Is Nerve Block Procedure in Calves Safe?");
        assert_string_equal(p->question_body,
                            "In Korea, there is a new procedure where they "
                            "block certain nerves in your calf muscle to make "
                            "your claves smaller. Is this safe?");
    }
    /* Answer 2's body is two lines in the file, one line here. */
    assert_string_equal(s->passages[1].answer_body,
                        "Surgical nerve division permanently damages the calf "
                        "muscle and is not recommended. Botox injections to "
                        "the calves can be effective. Large doses are needed. "
                        "There are no specific studies on its safety for this "
                        "use.");
}

static void test_missing_file(void **state)
{
    seen *s = *state;
    assert_int_equal(read_path(s, "corpus/no-such-file.txt", 1 << 20), -1);
    assert_int_equal(s->n_passages, 0);
    expect_diag(s, 0, DIAG_ERROR, "corpus/no-such-file.txt", 0,
                "cannot open: No such file or directory");
    assert_int_equal(s->n_diags, 1);
}

static void test_unreadable_path(void **state)
{
    seen *s = *state;
    assert_int_equal(read_path(s, "corpus", 1 << 20), -1);
    assert_int_equal(s->n_passages, 0);
    expect_diag(s, 0, DIAG_ERROR, "corpus", 0, "cannot read: Is a directory");
    assert_int_equal(s->n_diags, 1);
}

/* The sample is 2341 bytes: a limit of exactly that passes, one less not. */
static void test_file_size_limit(void **state)
{
    seen *s = *state;
    assert_int_equal(read_path(s, SAMPLE, 2340), -1);
    assert_int_equal(s->n_passages, 0);
    expect_diag(s, 0, DIAG_ERROR, SAMPLE, 0,
                "file is larger than 2340 bytes; skipped");
    assert_int_equal(s->n_diags, 1);
    assert_int_equal(read_path(s, SAMPLE, 2341), 0);
    assert_int_equal(s->n_passages, 5);
    assert_int_equal(s->n_diags, 1);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_lf_document),
        TEST(test_crlf_document),
        TEST(test_cr_and_mixed_line_ends),
        TEST(test_bom_is_skipped),
        TEST(test_bom_elsewhere_is_text),
        TEST(test_blank_lines),
        TEST(test_only_space_and_tab_are_blank),
        TEST(test_trim_and_join),
        TEST(test_no_final_line_end),
        TEST(test_empty_document),
        TEST(test_whitespace_only_document),
        TEST(test_question_title_only),
        TEST(test_question_without_answers),
        TEST(test_last_answer_without_body),
        TEST(test_missing_question_body_shifts_roles),
        TEST(test_invalid_utf8_once),
        TEST(test_invalid_utf8_after_bom),
        TEST(test_nul_byte_rejects_file),
        TEST(test_nul_byte_wins_over_bad_utf8),
        TEST(test_callback_stops_reading),
        TEST(test_sample_file),
        TEST(test_missing_file),
        TEST(test_unreadable_path),
        TEST(test_file_size_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
