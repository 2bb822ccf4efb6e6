/* native_reader.c - turns a native-format document into passages.
 *
 * The whole document is in memory.  It is checked for NUL bytes and
 * ill-formed UTF-8 first, then copied (repaired) once; paragraphs are joined
 * in place inside that copy, so each passage's strings point into it and
 * reading allocates nothing per passage. */
#include "indexer/native_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/utf8.h"

#define BOM "\xEF\xBB\xBF"

#define OUT_OF_MEMORY "out of memory; file skipped"

/* Room for "#" and the decimal digits of an unsigned and the NUL. */
#define ID_SUFFIX_MAX 16

/* Finds the end of the line that starts at buf[i]: returns the offset of its
 * line ending (LF, CRLF or a lone CR; len at the end of the text) and stores
 * the start of the following line in *next. */
static size_t line_end(const char *buf, size_t len, size_t i, size_t *next)
{
    while (i < len && buf[i] != '\n' && buf[i] != '\r')
        i++;
    *next = i;
    if (i < len)
        *next += buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n' ? 2 : 1;
    return i;
}

/* Gives the 1-based line and byte column of buf[off], off < len. */
static void locate(const char *buf, size_t len, size_t off, unsigned *line,
                   unsigned *col)
{
    size_t start = 0, next;
    *line = 1;
    while (line_end(buf, len, start, &next), next <= off) {
        start = next;
        ++*line;
    }
    *col = (unsigned)(off - start + 1);
}

/* Rejects a document holding a NUL byte and reports ill-formed UTF-8.
 * Returns the document repaired (see utf8_sanitize) for the caller to free,
 * its length in *text_len, or NULL when it was rejected (reported). */
static char *load_text(const char *buf, size_t len, const char *source,
                       const diag_sink *sink, size_t *text_len)
{
    unsigned line, col;
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        locate(buf, len, (size_t)(nul - buf), &line, &col);
        diag(sink, DIAG_ERROR, source, line,
             "NUL byte at column %u; binary file skipped", col);
        return NULL;
    }
    size_t bad, replaced;
    bool valid = utf8_validate(buf, len, &bad);
    char *text = utf8_sanitize(buf, len, text_len, &replaced);
    if (!text) {
        diag(sink, DIAG_ERROR, source, 0, OUT_OF_MEMORY);
        return NULL;
    }
    if (!valid) {
        locate(buf, len, bad, &line, &col);
        unsigned byte = (unsigned char)buf[bad];
        if (replaced == 1)
            diag(sink, DIAG_WARNING, source, line,
                 "invalid UTF-8 (byte 0x%02X at column %u); replaced by U+FFFD",
                 byte, col);
        else
            diag(sink, DIAG_WARNING, source, line,
                 "invalid UTF-8 (byte 0x%02X at column %u); replaced by U+FFFD"
                 " (%zu invalid sequences in this file)", byte, col, replaced);
    }
    return text;
}

/* Walks the lines of a document and hands out its paragraphs. */
typedef struct scanner {
    char *text;    /* the document; text[len] is writable too */
    size_t len;
    size_t next;   /* offset of the first unread line */
    size_t out;    /* where the next paragraph is written; out <= next */
    unsigned line; /* number of the first unread line */
} scanner;

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Reads one line: stores its span without leading and trailing blanks in
 * [*b, *e) and its number in *line.  Returns false at the end of the text. */
static bool next_line(scanner *s, size_t *b, size_t *e, unsigned *line)
{
    if (s->next >= s->len)
        return false;
    size_t i = s->next;
    size_t end = line_end(s->text, s->len, i, &s->next);
    while (i < end && is_blank(s->text[i]))
        i++;
    while (end > i && is_blank(s->text[end - 1]))
        end--;
    *b = i;
    *e = end;
    *line = s->line++;
    return true;
}

/* Returns the next paragraph, its lines joined by single spaces and
 * NUL-terminated inside s->text (valid as long as s->text), and stores the
 * number of its first line in *line; NULL when no paragraph is left.
 * Joining in place is safe: each line loses at least one line-ending byte,
 * which pays for the space before the next line or for the final NUL. */
static const char *next_paragraph(scanner *s, unsigned *line)
{
    size_t b, e;
    unsigned ignored;
    bool more;
    while ((more = next_line(s, &b, &e, line)) && b == e)
        ;
    if (!more)
        return NULL;
    char *para = s->text + s->out;
    do {
        if (s->text + s->out != para)
            s->text[s->out++] = ' ';
        memmove(s->text + s->out, s->text + b, e - b);
        s->out += e - b;
    } while (next_line(s, &b, &e, &ignored) && b != e);
    s->text[s->out++] = '\0';
    return para;
}

/* Calls fn for each answer left in s, the question being already in *p.
 * Returns 0, the non-zero value fn returned, or -1 when out of memory
 * (reported). */
static int emit_answers(scanner *s, passage *p, const char *id_base,
                        passage_fn fn, void *fn_ctx, const diag_sink *sink)
{
    size_t id_size = strlen(id_base) + ID_SUFFIX_MAX;
    char *id = malloc(id_size);
    if (!id) {
        diag(sink, DIAG_ERROR, p->source, 0, OUT_OF_MEMORY);
        return -1;
    }
    p->id = id;
    unsigned body_line;
    int rc = 0;
    while (!rc && (p->answer_title = next_paragraph(s, &p->line))) {
        p->answer_no++;
        p->answer_body = next_paragraph(s, &body_line);
        if (!p->answer_body) {
            /* Warned here rather than after the loop, so that a caller who
             * stops early is not told about an answer it never saw. */
            diag(sink, DIAG_WARNING, p->source, p->line,
                 "answer %u has a title but no body; "
                 "indexed with an empty body", p->answer_no);
            p->answer_body = "";
        }
        snprintf(id, id_size, "%s#%u", id_base, p->answer_no);
        rc = fn(p, fn_ctx);
    }
    free(id);
    return rc;
}

int native_read_buffer(const char *buf, size_t len, const char *source,
                       const char *id_base, passage_fn fn, void *fn_ctx,
                       const diag_sink *sink)
{
    /* The BOM is dropped before anything else, so columns on line 1 count
     * from the first byte after it. */
    if (len >= 3 && memcmp(buf, BOM, 3) == 0) {
        buf += 3;
        len -= 3;
    }
    scanner s = { .line = 1 };
    s.text = load_text(buf, len, source, sink, &s.len);
    if (!s.text)
        return -1;
    /* All answers of a file answer its one question. */
    passage p = { .source = source, .question_key = id_base };
    unsigned line;
    int rc = 0;
    p.question_title = next_paragraph(&s, &line);
    p.question_body = next_paragraph(&s, &line);
    if (!p.question_title) {
        diag(sink, DIAG_WARNING, source, 0, "empty document; nothing indexed");
    } else {
        rc = emit_answers(&s, &p, id_base, fn, fn_ctx, sink);
        if (p.answer_no == 0 && rc == 0)
            diag(sink, DIAG_WARNING, source, 0,
                 "question has no answers; nothing indexed");
    }
    free(s.text);
    return rc;
}

/* Reads all of fd into a buffer for the caller to free.  Returns 0, an errno
 * value for a failure, or EFBIG when there are more than max_bytes bytes. */
static int slurp(int fd, size_t max_bytes, char **out, size_t *out_len)
{
    struct stat st;
    size_t limit = max_bytes < (size_t)-1 ? max_bytes + 1 : max_bytes;
    size_t cap = 0, len = 0, hint = 4096;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        if ((unsigned long long)st.st_size > max_bytes)
            return EFBIG;
        hint = (size_t)st.st_size + 1; /* + 1: EOF is seen without growing */
    }
    char *buf = NULL;
    for (;;) {
        if (len == cap) {
            size_t want = cap ? 2 * cap : hint;
            if (cap >= limit) {
                free(buf);
                return EFBIG;
            }
            if (want > limit || want < cap)
                want = limit;
            char *grown = realloc(buf, want);
            if (!grown) {
                free(buf);
                return ENOMEM;
            }
            buf = grown;
            cap = want;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            free(buf);
            return err;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    *out = buf;
    *out_len = len;
    return 0;
}

int native_read_file(const char *path, const char *id_base, size_t max_bytes,
                     passage_fn fn, void *fn_ctx, const diag_sink *sink)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        diag(sink, DIAG_ERROR, path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t len = 0;
    int err = slurp(fd, max_bytes, &buf, &len);
    close(fd);
    if (err == EFBIG)
        diag(sink, DIAG_ERROR, path, 0,
             "file is larger than %zu bytes; skipped", max_bytes);
    else if (err)
        diag(sink, DIAG_ERROR, path, 0, "cannot read: %s", strerror(err));
    if (err)
        return -1;
    int rc = native_read_buffer(buf, len, path, id_base, fn, fn_ctx, sink);
    free(buf);
    return rc;
}
