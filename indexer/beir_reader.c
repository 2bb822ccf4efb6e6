/* beir_reader.c - turns a BEIR corpus.jsonl(.gz) into passages.
 *
 * The lines come from common/line_source (plain or gzip, bounded: a 500 MiB
 * line, or a small gzip member that inflates to one, is read away, never
 * held).  Each line is parsed on its own by jansson, and its passage points
 * into the parsed object, freed once the callback returns. */
#include "indexer/beir_reader.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/line_source.h"
#include "common/utf8.h"
#include "indexer/beir_metadata.h"

#define BOM "\xEF\xBB\xBF"

#define OUT_OF_MEMORY "out of memory; rest of file skipped"

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

/* Reports why the lines stopped early, at line lineno. */
static void report_source_error(const line_source *src, const char *path,
                                unsigned lineno, const diag_sink *sink)
{
    switch (line_source_error_of(src)) {
    case LS_OK:
        break;
    case LS_READ_ERROR:
        diag(sink, DIAG_ERROR, path, lineno, "cannot read: %s",
             strerror(line_source_errno(src)));
        break;
    case LS_TRUNCATED:
        diag(sink, DIAG_ERROR, path, lineno,
             "truncated gzip stream; rest of file skipped");
        break;
    case LS_CORRUPT:
        diag(sink, DIAG_ERROR, path, lineno,
             "corrupt gzip stream (%s); rest of file skipped", line_source_zmsg(src));
        break;
    case LS_NO_MEMORY:
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
    line_source *src = line_source_open(path, max_line, true, false);
    if (!src) {
        diag(sink, DIAG_ERROR, path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    beir_file f = { .path = path, .fn = fn, .fn_ctx = fn_ctx, .sink = sink };
    char *line;
    size_t len;
    unsigned lineno = 0;
    int rc = 0;
    line_source_got got;
    while (!rc && (got = line_source_next(src, &line, &len)) != LS_END) {
        lineno++;
        if (got == LS_TOO_LONG) {
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
    if (!rc && line_source_error_of(src) != LS_OK) {
        /* The line that broke is the one that was being read. */
        report_source_error(src, path, lineno + 1, sink);
        rc = -1;
    }
    line_source_close(src);
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
