/* test_beir_reader.c - BEIR corpus.jsonl(.gz), case by case.
 *
 * Each test writes a known corpus to a temporary file (gzipped with zlib
 * where it says so), reads it, and checks every passage field and every
 * diagnostic (level, file, line, exact text). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "indexer/beir_reader.h"

#ifndef CRANFIELD
/* ../shared beside the checkout; tests run from the repository root. */
#define CRANFIELD "../shared/datasets/cranfield/corpus.jsonl"
#endif
#include "tests/unit/reader_capture.h"

/* Creates an empty temporary file named /tmp/quarry-beir-XXXXXX.SUFFIX,
 * its name in s->path (removed by teardown); returns its descriptor. */
static int make_temp(seen *s, const char *suffix)
{
    snprintf(s->path, sizeof s->path, "/tmp/quarry-beir-XXXXXX.%s", suffix);
    int fd = mkstemps(s->path, (int)strlen(suffix) + 1);
    assert_true(fd >= 0);
    return fd;
}

/* Writes data[0..len) as a plain .jsonl file. */
static void write_plain(seen *s, const char *data, size_t len)
{
    int fd = make_temp(s, "jsonl");
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

/* Opens a new .jsonl.gz file for the test to fill with gzwrite. */
static gzFile open_gz(seen *s)
{
    gzFile gz = gzdopen(make_temp(s, "jsonl.gz"), "wb");
    assert_non_null(gz);
    return gz;
}

static void gz_put(gzFile gz, const char *data, size_t len)
{
    assert_int_equal(gzwrite(gz, data, (unsigned)len), (int)len);
}

/* Writes data[0..len) as a gzipped .jsonl.gz file. */
static void write_gz(seen *s, const char *data, size_t len)
{
    gzFile gz = open_gz(s);
    gz_put(gz, data, len);
    assert_int_equal(gzclose(gz), Z_OK);
}

/* A string literal with its exact length (it may hold NULs). */
#define PLAIN(s, lit) write_plain((s), (lit), sizeof(lit) - 1)
#define GZ(s, lit) write_gz((s), (lit), sizeof(lit) - 1)

/* Reads s->path; returns the reader's result. */
static int read_corpus(seen *s)
{
    diag_sink sink = { on_diag, s };
    return beir_read_file(s->path, on_passage, s, &sink);
}

static void expect_passage(const seen *s, size_t i, const char *id,
                           unsigned line, const char *title, const char *text)
{
    assert_true(i < s->n_passages);
    const passage *p = &s->passages[i];
    assert_string_equal(p->id, id);
    assert_int_equal(p->line, line);
    assert_int_equal(p->answer_no, 0);
    assert_string_equal(p->answer_title, title);
    assert_string_equal(p->answer_body, text);
    assert_string_equal(p->question_title, "");
    assert_string_equal(p->question_body, "");
    assert_string_equal(p->source, s->path);
}

static void expect_diag(const seen *s, size_t i, diag_level level,
                        unsigned line, const char *msg)
{
    assert_true(i < s->n_diags);
    assert_int_equal(s->diags[i].level, level);
    assert_string_equal(s->diags[i].file, s->path);
    assert_int_equal(s->diags[i].line, line);
    assert_string_equal(s->diags[i].msg, msg);
}

/* A good line, as "ok-N" on line N, around the bad ones. */
#define GOOD(n) "{\"_id\": \"ok-" #n "\", \"title\": \"T" #n "\", " \
                "\"text\": \"body " #n "\"}\n"

static void expect_good(const seen *s, size_t i, unsigned n)
{
    char id[16], title[16], body[16];
    snprintf(id, sizeof id, "ok-%u", n);
    snprintf(title, sizeof title, "T%u", n);
    snprintf(body, sizeof body, "body %u", n);
    expect_passage(s, i, id, n, title, body);
}

/* Counts passages and keeps the first and last ids, for corpora too big
 * to copy. */
typedef struct tally {
    size_t passages;
    size_t diags;
    char first_id[16];
    char last_id[16];
} tally;

static int count_passage(const passage *p, void *ctx)
{
    tally *t = ctx;
    if (t->passages++ == 0)
        snprintf(t->first_id, sizeof t->first_id, "%s", p->id);
    snprintf(t->last_id, sizeof t->last_id, "%s", p->id);
    return 0;
}

static void count_diag(void *ctx, diag_level level, const char *file,
                       unsigned line, const char *msg)
{
    (void)level;
    (void)file;
    (void)line;
    (void)msg;
    ((tally *)ctx)->diags++;
}

/* ---- Good input -------------------------------------------------------- */

#define SAMPLE                                                              \
    "{\"_id\": \"d1\", \"title\": \"First\", \"text\": \"Plain text.\"}\n"  \
    "{\"_id\": \"d2\", \"text\": \"No title\", \"url\": \"http://x\"}\n"    \
    "{\"text\": \"\\u00e9t\\u00e9 \\\"q\\\"\\n\", \"title\": \"\", "        \
    "\"_id\": \"d/3\", \"meta\": {\"a\": [1, 2]}}\n"                        \
    "{\"_id\":\"\xE2\x82\xAC\",\"title\":\"\xF0\x9F\x98\x80\",\"text\":\"\"}\n"

/* Title missing or empty -> ""; other fields ignored; escapes decoded;
 * key order free; multi-byte UTF-8 kept as it is. */
static void expect_sample(const seen *s)
{
    assert_int_equal(s->n_passages, 4);
    expect_passage(s, 0, "d1", 1, "First", "Plain text.");
    expect_passage(s, 1, "d2", 2, "", "No title");
    expect_passage(s, 2, "d/3", 3, "", "\xC3\xA9t\xC3\xA9 \"q\"\n");
    expect_passage(s, 3, "\xE2\x82\xAC", 4, "\xF0\x9F\x98\x80", "");
    assert_int_equal(s->n_diags, 0);
}

static void test_plain_corpus(void **state)
{
    seen *s = *state;
    PLAIN(s, SAMPLE);
    assert_int_equal(read_corpus(s), 0);
    expect_sample(s);
}

static void test_gzip_corpus(void **state)
{
    seen *s = *state;
    GZ(s, SAMPLE);
    assert_int_equal(read_corpus(s), 0);
    expect_sample(s);
}

/* The content decides, not the name: a plain file called .jsonl.gz. */
static void test_plain_content_under_gz_name(void **state)
{
    seen *s = *state;
    int fd = make_temp(s, "jsonl.gz");
    assert_int_equal(write(fd, SAMPLE, sizeof SAMPLE - 1),
                     (ssize_t)(sizeof SAMPLE - 1));
    assert_int_equal(close(fd), 0);
    assert_int_equal(read_corpus(s), 0);
    expect_sample(s);
}

/* Concatenated gzip members read as one stream, as gunzip reads them. */
static void test_gzip_members(void **state)
{
    seen *s = *state;
    gzFile gz = open_gz(s);
    gz_put(gz, GOOD(1), sizeof GOOD(1) - 1);
    assert_int_equal(gzflush(gz, Z_FINISH), Z_OK);
    gz_put(gz, GOOD(2), sizeof GOOD(2) - 1);
    assert_int_equal(gzclose(gz), Z_OK);
    assert_int_equal(read_corpus(s), 0);
    assert_int_equal(s->n_passages, 2);
    expect_good(s, 0, 1);
    expect_good(s, 1, 2);
    assert_int_equal(s->n_diags, 0);
}

static void test_empty_file(void **state)
{
    seen *s = *state;
    write_plain(s, "", 0);
    assert_int_equal(read_corpus(s), 0);
    assert_int_equal(s->n_passages, 0);
    assert_int_equal(s->n_diags, 0);
}

/* CRLF ends a line like LF; blank lines (spaces, tabs, a lone CR) count
 * but are skipped silently; a BOM before line 1 is ignored; the last line
 * need not end with a line end. */
static void test_crlf_blank_lines_and_bom(void **state)
{
    seen *s = *state;
    PLAIN(s, "\xEF\xBB\xBF" "{\"_id\": \"a\", \"text\": \"x\"}\r\n"
             "\r\n"
             "  \t \r\n"
             "\n"
             "{\"_id\": \"b\", \"title\": \"t\\r\", \"text\": \"y\"}\r\n"
             "{\"_id\": \"c\", \"text\": \"z\"}");
    assert_int_equal(read_corpus(s), 0);
    assert_int_equal(s->n_passages, 3);
    expect_passage(s, 0, "a", 1, "", "x");
    expect_passage(s, 1, "b", 5, "t\r", "y");
    expect_passage(s, 2, "c", 6, "", "z");
    assert_int_equal(s->n_diags, 0);
}

/* A 300 KB line between two short ones: longer than any read, and than the
 * first buffer, so the line is assembled over several reads and the buffer
 * grows; the lines around it are unharmed.  Plain and gzipped. */
static void check_long_line(seen *s, bool gzipped)
{
    enum { BODY = 300 * 1024 };
    static const char head[] = "{\"_id\": \"long\", \"text\": \"";
    static const char tail[] = "\"}\n";
    size_t len = 0;
    char *data = malloc(3 * 100 + BODY);
    char *body = malloc(BODY + 1);
    assert_non_null(data);
    assert_non_null(body);
    for (size_t i = 0; i < BODY; i++)
        body[i] = "abcdefghij klmnopqrstuvwxyz"[i % 27];
    body[BODY] = '\0';
    len += (size_t)sprintf(data + len, "%s", GOOD(1));
    len += (size_t)sprintf(data + len, "%s%s%s", head, body, tail);
    len += (size_t)sprintf(data + len, "%s", GOOD(3));
    if (gzipped)
        write_gz(s, data, len);
    else
        write_plain(s, data, len);
    assert_int_equal(read_corpus(s), 0);
    assert_int_equal(s->n_passages, 3);
    expect_good(s, 0, 1);
    expect_passage(s, 1, "long", 2, "", body);
    expect_good(s, 2, 3);
    assert_int_equal(s->n_diags, 0);
    free(data);
    free(body);
}

static void test_long_line_plain(void **state)
{
    check_long_line(*state, false);
}

static void test_long_line_gzip(void **state)
{
    check_long_line(*state, true);
}

/* The line bound: a line of exactly MAX bytes is read; one of MAX + 1, and
 * one of many reads' worth (dropped as it streams by), are reported and
 * skipped, and reading goes on; the last line, over-long without its LF,
 * too.  Plain and gzipped (the bound counts inflated bytes). */
static void check_line_bound(seen *s, bool gzipped)
{
    enum { MAX = 1000, HUGE = 300 * 1024 };
    static const char head[] = "{\"_id\": \"%s\", \"text\": \"";
    char *data = malloc(4 * HUGE);
    assert_non_null(data);
    size_t len = 0;
    /* A line of n bytes with ID id: head, n - 24 - strlen(id) 'a's, tail. */
#define LINE_OF(id, n)                                                        \
    do {                                                                      \
        size_t start = len;                                                   \
        len += (size_t)sprintf(data + len, head, id);                         \
        size_t fill = (n) - (len - start) - 2;                                \
        memset(data + len, 'a', fill);                                        \
        len += fill;                                                          \
        len += (size_t)sprintf(data + len, "\"}");                            \
        assert_int_equal(len - start, (n));                                   \
    } while (0)
    len += (size_t)sprintf(data + len, "%s", GOOD(1));
    LINE_OF("at", MAX);
    data[len++] = '\n';
    LINE_OF("over", MAX + 1);
    data[len++] = '\n';
    LINE_OF("huge", HUGE);
    data[len++] = '\n';
    len += (size_t)sprintf(data + len, "%s", GOOD(5));
    LINE_OF("last", HUGE);
#undef LINE_OF
    if (gzipped)
        write_gz(s, data, len);
    else
        write_plain(s, data, len);
    free(data);
    diag_sink sink = { on_diag, s };
    assert_int_equal(beir_read_file_bounded(s->path, MAX, on_passage, s, &sink), 0);
    assert_int_equal(s->n_passages, 3);
    expect_good(s, 0, 1);
    assert_string_equal(s->passages[1].id, "at");
    assert_int_equal(s->passages[1].line, 2);
    expect_good(s, 2, 5);
    assert_int_equal(s->n_diags, 3);
    expect_diag(s, 0, DIAG_ERROR, 3, "line longer than 1000 bytes; skipped");
    expect_diag(s, 1, DIAG_ERROR, 4, "line longer than 1000 bytes; skipped");
    expect_diag(s, 2, DIAG_ERROR, 6, "line longer than 1000 bytes; skipped");
}

static void test_line_bound_plain(void **state)
{
    check_line_bound(*state, false);
}

static void test_line_bound_gzip(void **state)
{
    check_line_bound(*state, true);
}

/* ---- Bad lines ---------------------------------------------------------- */

static void test_malformed_json(void **state)
{
    seen *s = *state;
    PLAIN(s, GOOD(1)
             "{\"_id\": \"2\", \"text\": x}\n"
             GOOD(3)
             "{\"_id\": \"4\", \"text\": \"unterminated}\n"
             "{\"_id\": \"5\"} {\"_id\": \"5b\"}\n"
             "\"just a string\"\n"
             "[{\"_id\": \"7\"}]\n"
             "{\"_id\": \"8\\u0000\", \"text\": \"\"}\n"
             GOOD(9));
    assert_int_equal(read_corpus(s), 0);
    assert_int_equal(s->n_passages, 3);
    expect_good(s, 0, 1);
    expect_good(s, 1, 3);
    expect_good(s, 2, 9);
    expect_diag(s, 0, DIAG_ERROR, 2, "malformed JSON at column 22: "
                "invalid token near 'x'; line skipped");
    expect_diag(s, 1, DIAG_ERROR, 4, "malformed JSON at column 35: "
                "premature end of input near '\"unterminated}'; line skipped");
    expect_diag(s, 2, DIAG_ERROR, 5, "malformed JSON at column 14: "
                "end of file expected near '{'; line skipped");
    expect_diag(s, 3, DIAG_ERROR, 6, "malformed JSON at column 15: "
                "'[' or '{' expected near '\"just a string\"'; line skipped");
    expect_diag(s, 4, DIAG_ERROR, 7,
                "not a JSON object but an array; line skipped");
    expect_diag(s, 5, DIAG_ERROR, 8, "malformed JSON at column 17: "
                "\\u0000 is not allowed without JSON_ALLOW_NUL near "
                "'\"8\\u0000\"'; line skipped");
    assert_int_equal(s->n_diags, 6);
}

static void test_bad_ids(void **state)
{
    seen *s = *state;
    PLAIN(s, GOOD(1)
             "{\"title\": \"t\", \"text\": \"no id\"}\n"
             "{\"_id\": 3, \"text\": \"numeric id\"}\n"
             "{\"_id\": null, \"text\": \"null id\"}\n"
             "{\"_id\": \"\", \"text\": \"empty id\"}\n"
             "{\"_id\": [\"6\"], \"text\": \"array id\"}\n"
             GOOD(7));
    assert_int_equal(read_corpus(s), 0);
    assert_int_equal(s->n_passages, 2);
    expect_good(s, 0, 1);
    expect_good(s, 1, 7);
    expect_diag(s, 0, DIAG_ERROR, 2, "missing \"_id\"; line skipped");
    expect_diag(s, 1, DIAG_ERROR, 3,
                "\"_id\" is a number, not a string; line skipped");
    expect_diag(s, 2, DIAG_ERROR, 4,
                "\"_id\" is null, not a string; line skipped");
    expect_diag(s, 3, DIAG_ERROR, 5, "empty \"_id\"; line skipped");
    expect_diag(s, 4, DIAG_ERROR, 6,
                "\"_id\" is an array, not a string; line skipped");
    assert_int_equal(s->n_diags, 5);
}

/* A non-string title or text skips the line; a missing text is only a
 * warning (the passage keeps its title). */
static void test_bad_title_and_text(void **state)
{
    seen *s = *state;
    PLAIN(s, GOOD(1)
             "{\"_id\": \"2\", \"title\": 2, \"text\": \"t\"}\n"
             "{\"_id\": \"3\", \"title\": \"t\", \"text\": null}\n"
             "{\"_id\": \"4\", \"title\": null, \"text\": \"t\"}\n"
             "{\"_id\": \"5\", \"text\": {\"p\": \"t\"}}\n"
             "{\"_id\": \"6\", \"title\": \"only a title\"}\n"
             "{\"_id\": \"7\", \"text\": true}\n"
             GOOD(8));
    assert_int_equal(read_corpus(s), 0);
    assert_int_equal(s->n_passages, 3);
    expect_good(s, 0, 1);
    expect_passage(s, 1, "6", 6, "only a title", "");
    expect_good(s, 2, 8);
    expect_diag(s, 0, DIAG_ERROR, 2,
                "\"title\" is a number, not a string; line skipped");
    expect_diag(s, 1, DIAG_ERROR, 3,
                "\"text\" is null, not a string; line skipped");
    expect_diag(s, 2, DIAG_ERROR, 4,
                "\"title\" is null, not a string; line skipped");
    expect_diag(s, 3, DIAG_ERROR, 5,
                "\"text\" is an object, not a string; line skipped");
    expect_diag(s, 4, DIAG_WARNING, 6,
                "missing \"text\"; indexed with an empty body");
    expect_diag(s, 5, DIAG_ERROR, 7,
                "\"text\" is a boolean, not a string; line skipped");
    assert_int_equal(s->n_diags, 6);
}

/* Columns count bytes from 1: a stray byte, a truncated sequence, an
 * encoded surrogate, an overlong form; a BOM on line 1 is not counted. */
static void test_invalid_utf8(void **state)
{
    seen *s = *state;
    PLAIN(s, "\xEF\xBB\xBF{\"_id\": \"1\", \"text\": \"a\xFF\"}\n"
             GOOD(2)
             "{\"_id\": \"3\xC3\", \"text\": \"\"}\n"
             "{\"_id\": \"4\", \"text\": \"\xC3\xA9\xED\xA0\x80\"}\n"
             "{\"_id\": \"5\", \"title\": \"\xC0\xAF\"}\n"
             GOOD(6));
    assert_int_equal(read_corpus(s), 0);
    assert_int_equal(s->n_passages, 2);
    expect_good(s, 0, 2);
    expect_good(s, 1, 6);
    expect_diag(s, 0, DIAG_ERROR, 1,
                "invalid UTF-8 (byte 0xFF at column 24); line skipped");
    expect_diag(s, 1, DIAG_ERROR, 3,
                "invalid UTF-8 (byte 0xC3 at column 11); line skipped");
    expect_diag(s, 2, DIAG_ERROR, 4,
                "invalid UTF-8 (byte 0xED at column 25); line skipped");
    expect_diag(s, 3, DIAG_ERROR, 5,
                "invalid UTF-8 (byte 0xC0 at column 24); line skipped");
    assert_int_equal(s->n_diags, 4);
}

/* A raw NUL byte in a line, inside a string or between tokens, in a plain
 * and in a gzipped file. */
static const char nul_corpus[] =
    GOOD(1)
    "{\"_id\": \"2\", \"text\": \"a\0b\"}\n"
    "{\"_id\": \"3\",\0 \"text\": \"\"}\n"
    GOOD(4);

static void check_nul_bytes(seen *s)
{
    assert_int_equal(read_corpus(s), 0);
    assert_int_equal(s->n_passages, 2);
    expect_good(s, 0, 1);
    expect_good(s, 1, 4);
    expect_diag(s, 0, DIAG_ERROR, 2, "NUL byte at column 24; line skipped");
    expect_diag(s, 1, DIAG_ERROR, 3, "NUL byte at column 13; line skipped");
    assert_int_equal(s->n_diags, 2);
}

static void test_nul_byte_plain(void **state)
{
    write_plain(*state, nul_corpus, sizeof nul_corpus - 1);
    check_nul_bytes(*state);
}

static void test_nul_byte_gzip(void **state)
{
    write_gz(*state, nul_corpus, sizeof nul_corpus - 1);
    check_nul_bytes(*state);
}

/* The reader delivers a repeated _id again (the index writer replaces the
 * earlier passage and warns); a line skipped as bad delivers nothing. */
static void test_bad_line_claims_no_id(void **state)
{
    seen *s = *state;
    PLAIN(s, "{\"_id\": \"a\", \"text\": 1}\n"
             "{\"_id\": \"a\", \"text\": \"ok\"}\n"
             "{\"_id\": \"a\", \"text\": \"again\"}\n");
    assert_int_equal(read_corpus(s), 0);
    assert_int_equal(s->n_passages, 2);
    expect_passage(s, 0, "a", 2, "", "ok");
    expect_passage(s, 1, "a", 3, "", "again");
    expect_diag(s, 0, DIAG_ERROR, 1,
                "\"text\" is a number, not a string; line skipped");
    assert_int_equal(s->n_diags, 1);
}

/* ---- Bad files ---------------------------------------------------------- */

/* Three lines, then a sync flush (so they are complete in the compressed
 * data), then line 4 and the end of the stream; returns the compressed
 * size at the flush. */
static off_t write_flushed_gz(seen *s)
{
    gzFile gz = open_gz(s);
    gz_put(gz, GOOD(1) GOOD(2) GOOD(3), 3 * (sizeof GOOD(1) - 1));
    assert_int_equal(gzflush(gz, Z_SYNC_FLUSH), Z_OK);
    off_t at = gzoffset(gz);
    gz_put(gz, GOOD(4), sizeof GOOD(4) - 1);
    assert_int_equal(gzclose(gz), Z_OK);
    return at;
}

/* The stream cut off inside line 4: lines 1-3 delivered, line 4 is where
 * it broke. */
static void test_truncated_gzip(void **state)
{
    seen *s = *state;
    off_t at = write_flushed_gz(s);
    assert_int_equal(truncate(s->path, at + 5), 0);
    assert_int_equal(read_corpus(s), -1);
    assert_int_equal(s->n_passages, 3);
    for (unsigned i = 0; i < 3; i++)
        expect_good(s, i, i + 1);
    expect_diag(s, 0, DIAG_ERROR, 4,
                "truncated gzip stream; rest of file skipped");
    assert_int_equal(s->n_diags, 1);
}

/* Cut off at a line boundary, even with the trailer missing only. */
static void test_gzip_without_trailer(void **state)
{
    seen *s = *state;
    write_gz(s, GOOD(1) GOOD(2), 2 * (sizeof GOOD(1) - 1));
    struct stat st;
    assert_int_equal(stat(s->path, &st), 0);
    assert_int_equal(truncate(s->path, st.st_size - 8), 0);
    assert_int_equal(read_corpus(s), -1);
    assert_int_equal(s->n_passages, 2);
    expect_good(s, 0, 1);
    expect_good(s, 1, 2);
    expect_diag(s, 0, DIAG_ERROR, 3,
                "truncated gzip stream; rest of file skipped");
    assert_int_equal(s->n_diags, 1);
}

/* Garbage where line 4's block should start: lines 1-3 delivered. */
static void test_corrupt_gzip(void **state)
{
    seen *s = *state;
    off_t at = write_flushed_gz(s);
    FILE *f = fopen(s->path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseeko(f, at, SEEK_SET), 0);
    /* BFINAL = 1, BTYPE = 11: a reserved block type. */
    assert_int_equal(fputc(0x07, f), 0x07);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(read_corpus(s), -1);
    assert_int_equal(s->n_passages, 3);
    for (unsigned i = 0; i < 3; i++)
        expect_good(s, i, i + 1);
    expect_diag(s, 0, DIAG_ERROR, 4,
                "corrupt gzip stream (invalid block type); "
                "rest of file skipped");
    assert_int_equal(s->n_diags, 1);
}

/* A damaged checksum is found only at the end of the member, after every
 * line was delivered. */
static void test_gzip_bad_checksum(void **state)
{
    seen *s = *state;
    write_gz(s, GOOD(1) GOOD(2), 2 * (sizeof GOOD(1) - 1));
    struct stat st;
    assert_int_equal(stat(s->path, &st), 0);
    FILE *f = fopen(s->path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseeko(f, st.st_size - 8, SEEK_SET), 0);
    int c = fgetc(f);
    assert_int_equal(fseeko(f, st.st_size - 8, SEEK_SET), 0);
    assert_int_equal(fputc(c ^ 0xFF, f), c ^ 0xFF);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(read_corpus(s), -1);
    assert_int_equal(s->n_passages, 2);
    expect_good(s, 0, 1);
    expect_good(s, 1, 2);
    expect_diag(s, 0, DIAG_ERROR, 3,
                "corrupt gzip stream (incorrect data check); "
                "rest of file skipped");
    assert_int_equal(s->n_diags, 1);
}

static void test_missing_file(void **state)
{
    seen *s = *state;
    strcpy(s->path, "/tmp/quarry-beir-no-such-dir/corpus.jsonl");
    assert_int_equal(read_corpus(s), -1);
    s->path[0] = '\0'; /* nothing to remove */
    assert_int_equal(s->n_passages, 0);
    assert_int_equal(s->n_diags, 1);
    assert_int_equal(s->diags[0].level, DIAG_ERROR);
    assert_string_equal(s->diags[0].file,
                        "/tmp/quarry-beir-no-such-dir/corpus.jsonl");
    assert_int_equal(s->diags[0].line, 0);
    assert_string_equal(s->diags[0].msg,
                        "cannot open: No such file or directory");
}

static void test_directory(void **state)
{
    seen *s = *state;
    diag_sink sink = { on_diag, s };
    assert_int_equal(beir_read_file("/tmp", on_passage, s, &sink), -1);
    assert_int_equal(s->n_passages, 0);
    assert_int_equal(s->n_diags, 1);
    assert_int_equal(s->diags[0].level, DIAG_ERROR);
    assert_string_equal(s->diags[0].file, "/tmp");
    assert_int_equal(s->diags[0].line, 0);
    assert_string_equal(s->diags[0].msg, "cannot open: Is a directory");
}

/* ---- The caller ------------------------------------------------------- */

/* A non-zero return from the callback stops the reader, which returns it;
 * the bad line after it is never looked at. */
static void test_callback_stops_reading(void **state)
{
    seen *s = *state;
    s->stop_after = 2;
    GZ(s, GOOD(1) GOOD(2) "not json\n" GOOD(4));
    assert_int_equal(read_corpus(s), 7);
    assert_int_equal(s->n_passages, 2);
    expect_good(s, 0, 1);
    expect_good(s, 1, 2);
    assert_int_equal(s->n_diags, 0);
}

/* A NULL sink drops the diagnostics; good lines still come through. */
static void test_null_sink(void **state)
{
    seen *s = *state;
    PLAIN(s, "oops\n" GOOD(2));
    assert_int_equal(beir_read_file(s->path, on_passage, s, NULL), 0);
    assert_int_equal(s->n_passages, 1);
    expect_good(s, 0, 2);
}

static void test_is_corpus_path(void **state)
{
    (void)state;
    assert_int_equal(beir_is_corpus_path("corpus.jsonl"), 1);
    assert_int_equal(beir_is_corpus_path("a/b/corpus.jsonl.gz"), 1);
    assert_int_equal(beir_is_corpus_path("x.jsonl"), 1);
    assert_int_equal(beir_is_corpus_path("corpus.json"), 0);
    assert_int_equal(beir_is_corpus_path("corpus.jsonl.bz2"), 0);
    assert_int_equal(beir_is_corpus_path("corpus.gz"), 0);
    assert_int_equal(beir_is_corpus_path("corpus.JSONL"), 0);
    assert_int_equal(beir_is_corpus_path("jsonl"), 0);
    assert_int_equal(beir_is_corpus_path(""), 0);
}

/* ---- A real corpus ------------------------------------------------------ */

static void test_cranfield(void **state)
{
    (void)state;
    if (access(CRANFIELD, R_OK) != 0) {
        print_message("%s is absent; test skipped\n", CRANFIELD);
        skip();
    }
    tally t = { 0 };
    diag_sink sink = { count_diag, &t };
    assert_int_equal(beir_read_file(CRANFIELD, count_passage, &t, &sink), 0);
    assert_int_equal(t.passages, 1400);
    assert_int_equal(t.diags, 0);
    assert_string_equal(t.first_id, "1");
    assert_string_equal(t.last_id, "1400");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_plain_corpus),
        T(test_gzip_corpus),
        T(test_plain_content_under_gz_name),
        T(test_gzip_members),
        T(test_empty_file),
        T(test_crlf_blank_lines_and_bom),
        T(test_long_line_plain),
        T(test_long_line_gzip),
        T(test_line_bound_plain),
        T(test_line_bound_gzip),
        T(test_malformed_json),
        T(test_bad_ids),
        T(test_bad_title_and_text),
        T(test_invalid_utf8),
        T(test_nul_byte_plain),
        T(test_nul_byte_gzip),
        T(test_bad_line_claims_no_id),
        T(test_truncated_gzip),
        T(test_gzip_without_trailer),
        T(test_corrupt_gzip),
        T(test_gzip_bad_checksum),
        T(test_missing_file),
        T(test_directory),
        T(test_callback_stops_reading),
        T(test_null_sink),
        T(test_is_corpus_path),
        T(test_cranfield),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
