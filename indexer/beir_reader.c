/* beir_reader.c - turns a BEIR corpus.jsonl(.gz) into passages.
 *
 * A file that starts with the gzip magic is inflated as it is read, any
 * other is passed through; past that byte source, plain and compressed
 * corpora take one code path.  zlib's inflate is driven directly rather than
 * through gzread, because gzread drops the output of a read that meets
 * corrupt data, and a corrupt stream must still deliver every line before
 * the damage.  Lines are cut out of one buffer that holds the unread rest of
 * the current chunk and grows to hold a long line whole, up to the line
 * bound: past it, the line's bytes are read and dropped until its LF, so
 * memory stays bounded whatever the input (a 500 MiB line, or a small gzip
 * member that inflates to one).  Each line is parsed on its own by jansson,
 * and its passage points into the parsed object, freed once the callback
 * returns. */
#include "indexer/beir_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

#include "common/utf8.h"
#include "indexer/beir_metadata.h"

#define BOM "\xEF\xBB\xBF"

#define OUT_OF_MEMORY "out of memory; rest of file skipped"

/* Bytes read from the file, and the least room made for output, at a time. */
#define CHUNK (64u * 1024)


/* ---- Bytes ------------------------------------------------------------ */

/* Why a byte_source stopped early. */
typedef enum {
    SRC_OK,
    SRC_READ_ERROR, /* read(2) failed; errnum says why */
    SRC_TRUNCATED,  /* the file ended inside a gzip member */
    SRC_CORRUPT,    /* inflate rejected the data; zmsg says why */
    SRC_NO_MEMORY
} src_error;

/* The decompressed bytes of a file: inflated when it starts with the gzip
 * magic, passed through as they are otherwise.  Errors are sticky, and come
 * only after every byte produced before them has been handed out. */
typedef struct byte_source {
    int fd;
    unsigned char *in; /* CHUNK bytes; z.next_in/avail_in is the unread part */
    z_stream z;
    bool gzip;
    bool inflating;    /* z is initialised */
    bool member_end;   /* a gzip member ended; another may follow */
    bool in_eof;       /* read(2) has no more to give */
    src_error error;
    int errnum;
    const char *zmsg;
} byte_source;

/* Reads until at least n (<= CHUNK) unread input bytes are there or the file
 * ends.  Returns false on a read error (set as src->error). */
static bool need_input(byte_source *src, size_t n)
{
    if (src->z.avail_in > 0 && src->z.next_in != src->in)
        memmove(src->in, src->z.next_in, src->z.avail_in);
    src->z.next_in = src->in;
    while (src->z.avail_in < n && !src->in_eof) {
        ssize_t got = read(src->fd, src->in + src->z.avail_in,
                           CHUNK - src->z.avail_in);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            src->error = SRC_READ_ERROR;
            src->errnum = errno;
            return false;
        }
        src->in_eof = got == 0;
        src->z.avail_in += (uInt)got;
    }
    return true;
}

static bool at_gzip_magic(const byte_source *src)
{
    return src->z.avail_in >= 2 && src->z.next_in[0] == 0x1F &&
           src->z.next_in[1] == 0x8B;
}

/* Opens path.  Returns false, with errno set, when it cannot. */
static bool open_source(byte_source *src, const char *path)
{
    *src = (byte_source){ .fd = open(path, O_RDONLY | O_CLOEXEC) };
    struct stat st;
    if (src->fd < 0)
        return false;
    if (fstat(src->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(src->fd);
        errno = EISDIR;
        return false;
    }
    if (!(src->in = malloc(CHUNK))) {
        close(src->fd);
        errno = ENOMEM;
        return false;
    }
    src->z.next_in = src->in;
    if (need_input(src, 2) && at_gzip_magic(src)) {
        src->gzip = true;
        /* 16 + 15: a gzip wrapper, the largest window. */
        if (inflateInit2(&src->z, 16 + 15) != Z_OK)
            src->error = SRC_NO_MEMORY;
        src->inflating = src->error == SRC_OK;
    }
    return true;
}

static void close_source(byte_source *src)
{
    if (src->inflating)
        inflateEnd(&src->z);
    free(src->in);
    close(src->fd);
}

/* Inflates into out[0..room) (room > 0).  Returns the number of bytes
 * produced; 0 at the end of the data or on an error (then src->error).
 * Members are inflated one after another, as gunzip does; anything after the
 * last member that is not a gzip header is ignored, as zlib's gzread does. */
static size_t inflate_some(byte_source *src, char *out, size_t room)
{
    src->z.next_out = (Bytef *)out;
    src->z.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
    uInt before = src->z.avail_out;
    while (src->z.avail_out == before && src->error == SRC_OK) {
        if (src->z.avail_in == 0 && !need_input(src, 1))
            break;
        if (src->member_end) {
            if (!need_input(src, 2) || !at_gzip_magic(src))
                break;
            inflateReset(&src->z);
            src->member_end = false;
        }
        if (src->z.avail_in == 0) {
            src->error = SRC_TRUNCATED;
            break;
        }
        int ret = inflate(&src->z, Z_NO_FLUSH);
        if (ret == Z_STREAM_END) {
            src->member_end = true;
        } else if (ret == Z_MEM_ERROR) {
            src->error = SRC_NO_MEMORY;
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            /* Z_DATA_ERROR; Z_NEED_DICT cannot come with a gzip wrapper. */
            src->error = SRC_CORRUPT;
            src->zmsg = src->z.msg ? src->z.msg : "invalid data";
        }
    }
    return before - src->z.avail_out;
}

/* Fills out[0..room) (room > 0) with the next bytes of the file.  Returns
 * how many; 0 at its end or on an error (then src->error). */
static size_t read_bytes(byte_source *src, char *out, size_t room)
{
    if (src->gzip)
        return inflate_some(src, out, room);
    if (src->error == SRC_OK && src->z.avail_in == 0)
        need_input(src, 1);
    size_t n = src->z.avail_in < room ? src->z.avail_in : room;
    memcpy(out, src->z.next_in, n);
    src->z.next_in += n;
    src->z.avail_in -= (uInt)n;
    return n;
}

/* ---- Lines ------------------------------------------------------------ */

typedef struct line_reader {
    byte_source src;
    char *buf;   /* buf[start..end) is read but not yet handed out */
    size_t cap;
    size_t start;
    size_t end;
    size_t scan; /* buf[start..scan) is known to hold no LF */
    bool eof;    /* the source has no more to give */
    size_t max;  /* longest line handed out, in bytes without the LF */
    bool dropping; /* the current line is longer: its bytes are dropped */
} line_reader;

/* Makes room for CHUNK more bytes after buf[end], dropping the bytes already
 * handed out.  Returns false when out of memory. */
static bool make_room(line_reader *r)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->scan -= r->start;
        r->start = 0;
    }
    if (r->cap - r->end >= CHUNK)
        return true;
    size_t want = r->cap ? 2 * r->cap : 4 * CHUNK;
    if (want < r->cap || want - r->end < CHUNK)
        return false;
    char *grown = realloc(r->buf, want);
    if (!grown)
        return false;
    r->buf = grown;
    r->cap = want;
    return true;
}

/* Hands out the next line, without its LF, in [*line, *line + *len); the
 * bytes stay valid, and may be changed, until the next call.  The last line
 * need not end with LF.  A line longer than r->max is read away and handed
 * out empty with *too_long set.  Returns false at the end of the file or
 * when it could not be read further (then r->src.error). */
static bool next_line(line_reader *r, char **line, size_t *len, bool *too_long)
{
    for (;;) {
        char *lf = r->scan < r->end
                       ? memchr(r->buf + r->scan, '\n', r->end - r->scan)
                       : NULL;
        if (lf || (r->eof && (r->start < r->end || r->dropping))) {
            size_t stop = lf ? (size_t)(lf - r->buf) : r->end;
            *line = r->buf + r->start;
            *len = stop - r->start;
            r->start = r->scan = lf ? stop + 1 : stop;
            *too_long = r->dropping || *len > r->max;
            if (*too_long)
                *len = 0;
            r->dropping = false;
            return true;
        }
        if (r->eof)
            return false;
        if (r->end - r->start > r->max) { /* too long already: drop what is held */
            r->dropping = true;
            r->start = r->end;
        }
        r->scan = r->end;
        if (!make_room(r)) {
            r->src.error = SRC_NO_MEMORY;
            return false;
        }
        size_t n = read_bytes(&r->src, r->buf + r->end, r->cap - r->end);
        r->end += n;
        /* A line cut short by an error is not handed out. */
        if (r->src.error != SRC_OK && n == 0)
            return false;
        r->eof = n == 0;
    }
}

/* ---- One line --------------------------------------------------------- */

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "unknown";
}

/* Reports why line (NUL-free) failed to load; err is jansson's report. */
static void report_load_error(const char *line, size_t len,
                              const json_error_t *err, const char *path,
                              unsigned lineno, const diag_sink *sink)
{
    size_t bad;
    if (json_error_code(err) == json_error_invalid_utf8 &&
        !utf8_validate(line, len, &bad))
        diag(sink, DIAG_ERROR, path, lineno,
             "invalid UTF-8 (byte 0x%02X at column %zu); line skipped",
             (unsigned)(unsigned char)line[bad], bad + 1);
    else if (json_error_code(err) == json_error_invalid_utf8)
        diag(sink, DIAG_ERROR, path, lineno, "invalid UTF-8 (%s); line skipped",
             err->text);
    else
        diag(sink, DIAG_ERROR, path, lineno,
             "malformed JSON at column %d: %s; line skipped", err->position,
             err->text);
}

/* The state of one file being read. */
typedef struct beir_file {
    const char *path;
    passage_fn fn;
    void *fn_ctx;
    const diag_sink *sink;
} beir_file;

/* Stores the string field key of obj in *out: "" when it is absent (then
 * *missing is set, if missing is not NULL).  Returns false, reported, when
 * it is not a string. */
static bool string_field(beir_file *f, unsigned lineno, json_t *obj,
                         const char *key, const char **out, bool *missing)
{
    json_t *v = json_object_get(obj, key);
    if (missing)
        *missing = !v;
    *out = "";
    if (!v)
        return true;
    if (!json_is_string(v)) {
        diag(f->sink, DIAG_ERROR, f->path, lineno,
             "\"%s\" is %s, not a string; line skipped", key, type_name(v));
        return false;
    }
    *out = json_string_value(v);
    return true;
}

/* Turns one non-blank line into a passage and hands it to the callback.
 * Returns 0 (also for a line reported and skipped), the callback's non-zero
 * value, or -1 when out of memory (reported). */
static int parse_line(beir_file *f, const char *line, size_t len,
                      unsigned lineno)
{
    const char *nul = memchr(line, '\0', len);
    if (nul) {
        diag(f->sink, DIAG_ERROR, f->path, lineno,
             "NUL byte at column %zu; line skipped", (size_t)(nul - line) + 1);
        return 0;
    }
    json_error_t err;
    json_t *obj = json_loadb(line, len, 0, &err);
    if (!obj) {
        report_load_error(line, len, &err, f->path, lineno, f->sink);
        return 0;
    }
    int rc = 0;
    passage p = {
        .question_title = "",
        .question_body = "",
        .source = f->path,
        .line = lineno,
    };
    json_t *id = json_object_get(obj, "_id");
    bool missing_text;
    if (!json_is_object(obj)) {
        diag(f->sink, DIAG_ERROR, f->path, lineno,
             "not a JSON object but %s; line skipped", type_name(obj));
    } else if (!id) {
        diag(f->sink, DIAG_ERROR, f->path, lineno,
             "missing \"_id\"; line skipped");
    } else if (!json_is_string(id)) {
        diag(f->sink, DIAG_ERROR, f->path, lineno,
             "\"_id\" is %s, not a string; line skipped", type_name(id));
    } else if (json_string_length(id) == 0) {
        diag(f->sink, DIAG_ERROR, f->path, lineno,
             "empty \"_id\"; line skipped");
    } else if (string_field(f, lineno, obj, "title", &p.answer_title, NULL) &&
               string_field(f, lineno, obj, "text", &p.answer_body,
                            &missing_text)) {
        p.id = json_string_value(id);
        /* A repeated _id is delivered again: the index writer, which sees
         * every passage of every file, replaces and warns, with memory that
         * does not grow with the corpus. */
        if (missing_text)
            diag(f->sink, DIAG_WARNING, f->path, lineno,
                 "missing \"text\"; indexed with an empty body");
        beir_metadata meta;
        if (beir_metadata_read(obj, &p, &meta, f->path, lineno, f->sink) != 0) {
            diag(f->sink, DIAG_ERROR, f->path, lineno, OUT_OF_MEMORY);
            rc = -1;
        } else {
            rc = f->fn(&p, f->fn_ctx);
            beir_metadata_free(&meta);
        }
    }
    json_decref(obj);
    return rc;
}

/* ---- One file --------------------------------------------------------- */

static bool is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

/* Reports why src stopped early, at line lineno. */
static void report_source_error(const byte_source *src, const char *path,
                                unsigned lineno, const diag_sink *sink)
{
    switch (src->error) {
    case SRC_OK:
        break;
    case SRC_READ_ERROR:
        diag(sink, DIAG_ERROR, path, lineno, "cannot read: %s",
             strerror(src->errnum));
        break;
    case SRC_TRUNCATED:
        diag(sink, DIAG_ERROR, path, lineno,
             "truncated gzip stream; rest of file skipped");
        break;
    case SRC_CORRUPT:
        diag(sink, DIAG_ERROR, path, lineno,
             "corrupt gzip stream (%s); rest of file skipped", src->zmsg);
        break;
    case SRC_NO_MEMORY:
        diag(sink, DIAG_ERROR, path, lineno, OUT_OF_MEMORY);
        break;
    }
}

int beir_read_file(const char *path, passage_fn fn, void *fn_ctx,
                   const diag_sink *sink)
{
    return beir_read_file_bounded(path, BEIR_MAX_LINE, fn, fn_ctx, sink);
}

int beir_read_file_bounded(const char *path, size_t max_line, passage_fn fn, void *fn_ctx,
                           const diag_sink *sink)
{
    line_reader r;
    if (!open_source(&r.src, path)) {
        diag(sink, DIAG_ERROR, path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    r.buf = NULL;
    r.cap = r.start = r.end = r.scan = 0;
    r.eof = false;
    r.max = max_line;
    r.dropping = false;
    beir_file f = { .path = path, .fn = fn, .fn_ctx = fn_ctx, .sink = sink };
    char *line;
    size_t len;
    unsigned lineno = 0;
    int rc = 0;
    bool too_long;
    while (!rc && next_line(&r, &line, &len, &too_long)) {
        lineno++;
        if (too_long) {
            diag(sink, DIAG_ERROR, path, lineno, "line longer than %zu bytes; skipped",
                 max_line);
            continue;
        }
        if (lineno == 1 && len >= 3 && memcmp(line, BOM, 3) == 0) {
            line += 3;
            len -= 3;
        }
        if (len > 0 && line[len - 1] == '\r')
            len--;
        if (!is_blank(line, len))
            rc = parse_line(&f, line, len, lineno);
    }
    if (!rc && r.src.error != SRC_OK) {
        /* The line that broke is the one that was being read. */
        report_source_error(&r.src, path, lineno + 1, sink);
        rc = -1;
    }
    close_source(&r.src);
    free(r.buf);
    return rc;
}

int beir_is_corpus_path(const char *path)
{
    static const char *const suffixes[] = { ".jsonl", ".jsonl.gz" };
    size_t len = strlen(path);
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        size_t n = strlen(suffixes[i]);
        if (len >= n && strcmp(path + len - n, suffixes[i]) == 0)
            return 1;
    }
    return 0;
}
